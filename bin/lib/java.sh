# shellcheck shell=bash
# Locating a JDK 25+ for bin/seashell and bin/test. Source this file; it defines functions only.

SEASHELL_MIN_JAVA=25

# Prints the feature (major) version of the given java binary, or nothing if it does not run.
# Handles both "25.0.1" and legacy "1.8.0_x" version strings.
seashell_java_major() {
  local java_bin=$1 line ver release
  [[ -x $java_bin ]] || return 1
  # A JDK's release file names its version: reading it saves starting a JVM (~0.1-0.3 s) per launch.
  release="$(dirname "$(dirname "$(readlink -f "$java_bin")")")/release"
  if [[ -f $release ]] && line=$(grep -m1 -E '^JAVA_VERSION="[^"]+"' "$release"); then
    line="version ${line#JAVA_VERSION=}"
  else
    line=$("$java_bin" -version 2>&1 | grep -m1 -E 'version "[^"]+"') || return 1
  fi
  ver=${line#*version \"}
  ver=${ver%%\"*}
  if [[ $ver == 1.* ]]; then ver=${ver#1.}; fi
  ver=${ver%%[.+-]*}
  [[ $ver =~ ^[0-9]+$ ]] || return 1
  printf '%s\n' "$ver"
}

# Prints a JAVA_HOME whose java is >= 25, trying in order: $JAVA_HOME, the newest JDK under
# /usr/lib/jvm (SEASHELL_JVM_DIR overrides, for tests), then `java` on PATH. Returns 1 if none.
seashell_find_java_home() {
  local major best="" best_major=0 dir java_bin
  if [[ -n ${JAVA_HOME:-} ]]; then
    major=$(seashell_java_major "$JAVA_HOME/bin/java") || major=0
    if (( major >= SEASHELL_MIN_JAVA )); then printf '%s\n' "$JAVA_HOME"; return 0; fi
  fi
  for dir in "${SEASHELL_JVM_DIR:-/usr/lib/jvm}"/*/; do
    dir=${dir%/}
    [[ -L $dir ]] && continue   # skip aliases such as java-1.17.0-openjdk-amd64 -> java-17-...
    major=$(seashell_java_major "$dir/bin/java") || continue
    if (( major >= SEASHELL_MIN_JAVA && major > best_major )); then best=$dir; best_major=$major; fi
  done
  if [[ -n $best ]]; then printf '%s\n' "$best"; return 0; fi
  java_bin=$(command -v java 2>/dev/null) || return 1
  major=$(seashell_java_major "$java_bin") || return 1
  if (( major >= SEASHELL_MIN_JAVA )); then
    java_bin=$(readlink -f "$java_bin")
    printf '%s\n' "${java_bin%/bin/java}"
    return 0
  fi
  return 1
}

seashell_no_java_message() {
  echo "seashell: needs a JDK $SEASHELL_MIN_JAVA or newer; install Temurin $SEASHELL_MIN_JAVA (https://adoptium.net) or set JAVA_HOME" >&2
}

# The JVM flags every Seashell launch uses (bin/seashell and the benchmarks): prints one per line.
# UserThreadWaitAttemptsAtExit=0: at exit the JVM otherwise waits up to 300 ms for threads blocked in
# native code, and there always is one once a virtual thread has used a socket (the JDK's epoll poller),
# or a pump reading a terminal; that wait was a third of a cold `ssh host true`.
# The CompileCommands bring the JDK's bulk cipher classes to C2 (and its AES-GCM/CTR/GHASH/ChaCha20
# intrinsics) after 1/20 of the usual invocations: at the default thresholds a 256 MiB transfer in
# 32 KiB packets ran mostly in the Java GHASH loop, its C2 compile due only after ~5000 packets.
# Only these classes are affected, so a cold start compiles no more than before. "quiet": no
# CompileCommand echo on stdout (it would corrupt a session's output).
seashell_jvm_flags() {
  local c
  printf '%s\n' -Xss512k -XX:UserThreadWaitAttemptsAtExit=0 -XX:CompileCommand=quiet
  for c in 'GaloisCounterMode*' GHASH GCTR CounterMode AESCrypt 'ChaCha20Cipher*' Poly1305; do
    printf '%s\n' "-XX:CompileCommand=CompileThresholdScaling,com.sun.crypto.provider.$c::*,0.05"
  done
  # chacha20-poly1305@openssh.com takes its Poly1305 from BouncyCastle.
  printf '%s\n' "-XX:CompileCommand=CompileThresholdScaling,org.bouncycastle.crypto.macs.Poly1305::*,0.05"
  printf '%s\n' --enable-native-access=ALL-UNNAMED
}
