# shellcheck shell=bash
# Shared by bench/run and bench/profile: JDK lookup, one Maven build, temp keys, and the two servers
# (OpenSSH's sshd and Seashell's sshd) on loopback high ports. Source it; call bench_init first.
# Everything lives under one mktemp directory; bench_cleanup (installed as an EXIT trap) kills every
# process started here and removes the directory.

bench_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
# shellcheck source=../bin/lib/java.sh
source "$bench_root/bin/lib/java.sh"

BENCH_PIDS=()
BENCH_TMP=""
SSHD_BIN=${SSHD_BIN:-/usr/sbin/sshd}

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

bench_cleanup() {
  local pid
  for pid in "${BENCH_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  # Give them a moment, then insist; every wait is bounded.
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    local alive=0
    for pid in "${BENCH_PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    ((alive)) || break
    sleep 0.2
  done
  for pid in "${BENCH_PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  # Children of this shell still running (ssh loops, clients): ours by construction.
  local jobs_left
  jobs_left=$(jobs -p 2>/dev/null || true)
  [[ -n $jobs_left ]] && kill $jobs_left 2>/dev/null || true
  if [[ -n $BENCH_TMP && -d $BENCH_TMP && -z ${BENCH_KEEP_TMP:-} ]]; then rm -rf "$BENCH_TMP"; fi
}

# Finds JDK 25, builds once (unless BENCH_NO_BUILD=1), creates the temp dir and keys.
bench_init() {
  JAVA_HOME=$(seashell_find_java_home) || { seashell_no_java_message; exit 1; }
  export JAVA_HOME
  JAVA="$JAVA_HOME/bin/java"
  [[ -x $SSHD_BIN ]] || die "no OpenSSH sshd at $SSHD_BIN"
  if [[ -z ${BENCH_NO_BUILD:-} ]]; then
    log "building with Maven (JDK $(seashell_java_major "$JAVA")) ..."
    local buildlog
    buildlog=$(mktemp "${TMPDIR:-/tmp}/seashell-bench-build.XXXXXX")
    if ! (cd "$bench_root" && MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow" \
          timeout 900 mvn -q -B -Dstyle.color=never -DskipTests package) >"$buildlog" 2>&1; then
      cat "$buildlog" >&2; rm -f "$buildlog"; die "build failed"
    fi
    rm -f "$buildlog"
    # Keep bin/seashell from rebuilding: its staleness check compares sources with the CLI jar's mtime.
    touch "$bench_root"/seashell-cli/target/seashell-cli-*.jar
  fi
  CLI_CP="$(ls "$bench_root"/seashell-cli/target/seashell-cli-*.jar | grep -v -- '-tests.jar' | head -1):$bench_root/seashell-cli/target/lib/*"
  BENCH_CP="$(ls "$bench_root"/seashell-bench/target/seashell-bench-*.jar | head -1):$bench_root/seashell-bench/target/lib/*"
  # What bin/seashell execs (merged unsigned jar, AOT cache made by its training run), without its
  # per-call staleness check (a dev convenience, not the product).
  local flags
  mapfile -t flags < <(seashell_jvm_flags)
  SEASHELL_JVM=("$JAVA" "${flags[@]}" "-Dseashell.home=$bench_root")
  local all_jar
  all_jar=$(ls "$bench_root"/seashell-cli/target/seashell-cli-*-all.jar 2>/dev/null | head -1 || true)
  if [[ -n $all_jar ]]; then
    CLI_CP=$all_jar
    local aot="$bench_root/seashell-cli/target/seashell.aot"
    if [[ -z ${BENCH_NO_AOT:-} ]]; then
      if [[ ! -f $aot || $all_jar -nt $aot || ! -f $aot.cp || $(<"$aot.cp") != "$CLI_CP" ]]; then
        log "training the AOT cache ..."
        timeout 300 "${SEASHELL_JVM[@]}" -XX:AOTCacheOutput="$aot" -Xlog:disable -cp "$CLI_CP" dev.seashell.cli.Main aot-train </dev/null \
          >/dev/null 2>&1 || rm -f "$aot"
        printf '%s' "$CLI_CP" >"$aot.cp"
      fi
      [[ -f $aot ]] && SEASHELL_JVM+=(-XX:AOTCache="$aot" -XX:+UnlockDiagnosticVMOptions -XX:-AOTReplayTraining -Xlog:disable -Xlog:all=error:stderr)
    fi
  fi

  BENCH_TMP=$(mktemp -d "${TMPDIR:-/tmp}/seashell-bench.XXXXXX")
  chmod 700 "$BENCH_TMP"
  ssh-keygen -q -t ed25519 -N '' -C bench-host -f "$BENCH_TMP/host_ed25519" || die "ssh-keygen failed"
  ssh-keygen -q -t ed25519 -N '' -C bench-user -f "$BENCH_TMP/id_ed25519" || die "ssh-keygen failed"
  cp "$BENCH_TMP/id_ed25519.pub" "$BENCH_TMP/authorized_keys"
  BENCH_USER=$(id -un)
  if [[ $(id -u) == 0 ]]; then mkdir -p /run/sshd && chmod 755 /run/sshd; fi
}

# A free TCP port in 20000-59999 (never 22): nothing listens on it now.
free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$((20000 + RANDOM % 40000))
    if [[ -z $(ss -Htln "sport = :$p" 2>/dev/null) ]]; then echo "$p"; return 0; fi
  done
  die "no free port"
}

# Writes an sshd_config for NAME (openssh|seashell) on PORT; both servers get identical settings.
write_sshd_config() {
  local name=$1 port=$2 cfg="$BENCH_TMP/sshd_config.$1"
  cat >"$cfg" <<EOF
Port $port
ListenAddress 127.0.0.1
HostKey $BENCH_TMP/host_ed25519
AuthorizedKeysFile $BENCH_TMP/authorized_keys
PidFile $BENCH_TMP/sshd.$name.pid
UsePAM no
StrictModes no
PasswordAuthentication no
KbdInteractiveAuthentication no
PrintMotd no
PrintLastLog no
LogLevel ERROR
MaxStartups 100:30:200
Subsystem sftp internal-sftp
AllowTcpForwarding yes
EOF
  echo "$cfg"
}

# True once something on PORT answers with an SSH banner.
answers_ssh() {
  local port=$1 banner
  banner=$(timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port && head -c 4 <&3" 2>/dev/null) || return 1
  [[ $banner == SSH- ]]
}

wait_ready() {
  local name=$1 port=$2 pid=$3
  for _ in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || { cat "$BENCH_TMP/$name.log" >&2; die "$name sshd exited"; }
    answers_ssh "$port" && return 0
    sleep 0.1
  done
  cat "$BENCH_TMP/$name.log" >&2
  die "$name sshd not ready on port $port within 30 s"
}

# Starts OpenSSH's sshd; sets OPENSSH_PORT and OPENSSH_PID.
start_openssh_server() {
  OPENSSH_PORT=$(free_port)
  local cfg
  cfg=$(write_sshd_config openssh "$OPENSSH_PORT")
  "$SSHD_BIN" -t -f "$cfg" || die "sshd rejects $cfg"
  "$SSHD_BIN" -D -e -f "$cfg" </dev/null >"$BENCH_TMP/openssh.log" 2>&1 &
  OPENSSH_PID=$!
  BENCH_PIDS+=("$OPENSSH_PID")
  wait_ready openssh "$OPENSSH_PORT" "$OPENSSH_PID"
  log "OpenSSH sshd: pid $OPENSSH_PID port $OPENSSH_PORT"
}

# Starts Seashell's sshd (SEASHELL_SERVER_JAVA_OPTS adds JVM flags, e.g. a JFR recording); sets SEASHELL_PORT and SEASHELL_PID.
start_seashell_server() {
  SEASHELL_PORT=$(free_port)
  local cfg extra=()
  cfg=$(write_sshd_config seashell "$SEASHELL_PORT")
  if [[ -n ${SEASHELL_SERVER_JAVA_OPTS:-} ]]; then read -r -a extra <<<"$SEASHELL_SERVER_JAVA_OPTS"; fi
  "${SEASHELL_JVM[@]}" "${extra[@]}" -cp "$CLI_CP" dev.seashell.cli.Main sshd -D -e -f "$cfg" \
    </dev/null >"$BENCH_TMP/seashell.log" 2>&1 &
  SEASHELL_PID=$!
  BENCH_PIDS+=("$SEASHELL_PID")
  wait_ready seashell "$SEASHELL_PORT" "$SEASHELL_PID"
  log "Seashell sshd: pid $SEASHELL_PID port $SEASHELL_PORT"
}

# Client command lines for KIND (openssh|seashell) against PORT (SEASHELL_CLIENT_JAVA_OPTS adds JVM flags); extra ssh options follow, then host and command.
client_cmd() {
  local kind=$1 port=$2
  local opts=(-F /dev/null -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR
              -o BatchMode=yes -o IdentitiesOnly=yes -i "$BENCH_TMP/id_ed25519" -p "$port" -l "$BENCH_USER")
  if [[ $kind == openssh ]]; then
    CLIENT=(ssh "${opts[@]}")
  else
    local extra=()
    if [[ -n ${SEASHELL_CLIENT_JAVA_OPTS:-} ]]; then read -r -a extra <<<"$SEASHELL_CLIENT_JAVA_OPTS"; fi
    CLIENT=("${SEASHELL_JVM[@]}" "${extra[@]}" -cp "$CLI_CP" dev.seashell.cli.Main ssh "${opts[@]}")
  fi
}

# utime+stime+cutime+cstime of PID in clock ticks (reaped children count: OpenSSH forks per connection).
cpu_ticks() {
  awk '{ print $14 + $15 + $16 + $17 }' "/proc/$1/stat" 2>/dev/null || echo 0
}

to_bytes() {
  local s=$1 n=${1%[KkMmGg]}
  case $s in
    *[Kk]) echo $((n * 1024)) ;; *[Mm]) echo $((n * 1024 * 1024)) ;; *[Gg]) echo $((n * 1024 * 1024 * 1024)) ;; *) echo "$s" ;;
  esac
}

now() { echo "${EPOCHREALTIME/,/.}"; }

# Median of the numbers given as arguments ("n/a" when none).
median() {
  (($# == 0)) && { echo n/a; return; }
  printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.6g\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

# RATIO of A/B to two decimals, n/a if either is missing.
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (a == "n/a" || b == "n/a" || a == "" || b == "" || b + 0 == 0) print "n/a"; else printf "%.2f\n", a / b }'
}

# sftp or scp (TOOL) of KIND (openssh|seashell) against PORT, into the array TOOL_CMD; the caller
# appends the batch file or the paths (the remote side is "$BENCH_USER@127.0.0.1:").
tool_cmd() {
  local kind=$1 tool=$2 port=$3
  local opts=(-F /dev/null -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR
              -o BatchMode=yes -o IdentitiesOnly=yes -i "$BENCH_TMP/id_ed25519" -P "$port")
  if [[ $kind == openssh ]]; then
    TOOL_CMD=("$tool" "${opts[@]}")
  else
    TOOL_CMD=("${SEASHELL_JVM[@]}" -cp "$CLI_CP" dev.seashell.cli.Main "$tool" "${opts[@]}")
  fi
}
