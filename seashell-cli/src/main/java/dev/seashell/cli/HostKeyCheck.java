package dev.seashell.cli;

import dev.seashell.client.HostCertificateCheck;
import dev.seashell.client.HostKeyMismatchException;
import dev.seashell.config.ClientOptions.StrictHostKeyChecking;
import dev.seashell.config.SshHostConfig;
import dev.seashell.keys.Fingerprints;
import dev.seashell.keys.KnownHosts;
import dev.seashell.keys.SshCertificate;
import dev.seashell.keys.SshPublicKey;
import dev.seashell.transport.HostKeyVerifier;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** The client's host-key trust: known_hosts and StrictHostKeyChecking, with OpenSSH's messages. */
final class HostKeyCheck implements HostKeyVerifier {
    /** Refusal; its message is what OpenSSH prints, ending in "Host key verification failed." */
    static final class VerificationFailed extends IOException {
        VerificationFailed(String message) {
            super(message);
        }
    }

    private final SshHostConfig config;
    private final String host;
    private final int port;
    private final Terminal terminal;
    private final Consumer<String> debug;
    private final List<Path> userFiles;
    private final List<Path> allFiles;
    private String address;

    /** The address actually connected to, for CheckHostIP. */
    HostKeyCheck withAddress(String ip) {
        this.address = ip;
        return this;
    }

    HostKeyCheck(SshHostConfig config, String host, int port, Terminal terminal, Consumer<String> debug) {
        this.config = config;
        this.host = host;
        this.port = port;
        this.terminal = terminal;
        this.debug = debug;
        this.userFiles = config.userKnownHostsFiles().stream().map(Path::of).toList();
        List<Path> all = new ArrayList<>(userFiles);
        config.globalKnownHostsFiles().stream().map(Path::of).forEach(all::add);
        this.allFiles = all;
    }

    /**
     * Puts the algorithms of keys already known for this host first, as OpenSSH does: certificate
     * algorithms when a {@code @cert-authority} line covers the host, then the known key types.
     */
    List<String> preferredAlgorithms(List<String> configured) {
        return dev.seashell.client.HostConfigMapping.hostKeyAlgorithms(allFiles, host, port, configured);
    }

    @Override
    public void verify(SshPublicKey key) throws IOException {
        if (key instanceof SshCertificate cert) {
            verifyCertificate(cert);
            return;
        }
        String name = KnownHosts.hostName(host, port);
        String type = key.displayType();
        String fp = Fingerprints.sha256(key);
        debug.accept("Server host key: " + key.keyType() + " " + fp);
        checkRevokedHostKeys(key);
        verifyPlain(key, name, type, fp);
    }

    /**
     * RevokedHostKeys (a KRL or a list of keys), read at each connection: a listed key, a certificate
     * by a listed CA or a revoked serial or key id is refused before known_hosts is consulted. An
     * unreadable file refuses too, as OpenSSH does.
     */
    private void checkRevokedHostKeys(SshPublicKey key) throws IOException {
        var refused = dev.seashell.client.HostConfigMapping.revokedHostKey(config, key);
        if (refused.isPresent()) throw new VerificationFailed(refused.get() + "\nHost key verification failed.");
    }

    private void verifyPlain(SshPublicKey key, String name, String type, String fp) throws IOException {
        StrictHostKeyChecking mode0 = config.strictHostKeyChecking();
        KnownHosts.Lookup found = KnownHosts.read(allFiles).check(host, port, key);
        StrictHostKeyChecking mode = mode0;
        switch (found.status()) {
            case KNOWN -> {
                debug.accept("Host '" + name + "' is known and matches the " + type + " host key.");
                checkIp(key, type);
            }
            case REVOKED -> throw revoked(type, name);
            case CHANGED -> {
                KnownHosts.Entry e = found.entry();
                throw new HostKeyMismatchException("""
                        @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
                        @    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @
                        @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
                        IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!
                        Someone could be eavesdropping on you right now (man-in-the-middle attack)!
                        It is also possible that a host key has just been changed.
                        The fingerprint for the %s key sent by the remote host is
                        %s.
                        Please contact your system administrator.
                        Add correct host key in %s to get rid of this message.
                        Offending %s key in %s:%d
                          remove with:
                          ssh-keygen -f "%s" -R "%s"
                        Host key for %s has changed and you have requested strict checking.
                        Host key verification failed.""".formatted(type, fp, userFiles.getFirst(), type, e.file(), e.line(),
                        e.file(), name, name), host, port, key.keyType(), List.of(Fingerprints.sha256(e.key())), fp);
            }
            case UNKNOWN -> acceptUnknown(key, name, type, fp, mode);
        }
    }

    /** Warnings are printed from LogLevel INFO up, as OpenSSH's logit() does (-q silences them). */
    private boolean verbose() {
        return config.logLevel().compareTo(dev.seashell.config.LogLevel.INFO) >= 0;
    }

    /** CheckHostIP: the key is also recorded under the address; a different key there is a warning. */
    private void checkIp(SshPublicKey key, String type) throws IOException {
        if (!config.checkHostIp() || address == null || address.equals(host)) return;
        KnownHosts.Lookup byIp = KnownHosts.read(allFiles).check(address, port, key);
        switch (byIp.status()) {
            case KNOWN -> { }
            case UNKNOWN -> {
                KnownHosts.add(userFiles.getFirst(), address, port, key, config.hashKnownHosts());
                if (verbose()) System.err.println("Warning: Permanently added the " + type + " host key for IP address '"
                        + KnownHosts.hostName(address, port) + "' to the list of known hosts.");
            }
            case CHANGED, REVOKED -> System.err.println("Warning: the " + type + " host key for '" + host
                    + "' differs from the key for the IP address '" + address + "'\nOffending key for IP in "
                    + byIp.entry().file() + ":" + byIp.entry().line());
        }
    }

    /** OpenSSH's refusal of a host key (or its CA) marked @revoked. */
    private static VerificationFailed revoked(String type, String name) {
        return new VerificationFailed("""
                    @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
                    @       WARNING: REVOKED HOST KEY DETECTED!               @
                    @@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@
                    The %s host key for %s is marked as revoked.
                    This could mean that a stolen key is being used to
                    impersonate this host.
                    Host key verification failed.""".formatted(type, name));
    }

    /**
     * A host certificate is trusted when a {@code @cert-authority} line for the host names its CA and
     * the certificate is a valid host certificate for this name ({@link HostCertificateCheck}, the library's
     * decision); otherwise, as OpenSSH does, the certified key is checked as a plain key. Revoked keys and
     * revoked CAs are refused outright.
     */
    private void verifyCertificate(SshCertificate cert) throws IOException {
        KnownHosts kh = KnownHosts.read(allFiles);
        var verdict = HostCertificateCheck.check(kh, host, port, cert, Instant.now(), config.caSignatureAlgorithms());
        if (verdict instanceof HostCertificateCheck.Revoked) throw revoked(cert.displayType(), KnownHosts.hostName(host, port));
        debug.accept("Server host certificate: " + cert.keyType() + " " + Fingerprints.sha256(cert.key()) + ", serial "
                + cert.serial() + " ID \"" + cert.keyId() + "\" CA " + cert.signatureKey().keyType() + " "
                + Fingerprints.sha256(cert.signatureKey()));
        checkRevokedHostKeys(cert);
        switch (verdict) {
            case HostCertificateCheck.Trusted t -> {
                debug.accept("Host '" + KnownHosts.hostName(host, port) + "' is known and matches the "
                        + cert.displayType() + " host certificate.");
                return;
            }
            case HostCertificateCheck.Invalid i -> System.err.println(i.problem());
            default -> { }
        }
        debug.accept("No matching CA found. Retry with plain key");
        SshPublicKey plain = cert.key();
        debug.accept("Server host key: " + plain.keyType() + " " + Fingerprints.sha256(plain));
        verifyPlain(plain, KnownHosts.hostName(host, port), plain.displayType(), Fingerprints.sha256(plain));
    }

    private void acceptUnknown(SshPublicKey key, String name, String type, String fp, StrictHostKeyChecking mode) throws IOException {
        if (mode == StrictHostKeyChecking.YES || (mode == StrictHostKeyChecking.ASK && config.batchMode())) {
            throw new VerificationFailed("No " + type + " host key is known for " + name
                    + " and you have requested strict checking.\nHost key verification failed.");
        }
        if (mode == StrictHostKeyChecking.ASK) {
            String answer = terminal.readLine("""
                    The authenticity of host '%s (%s)' can't be established.
                    %s key fingerprint is %s.
                    This key is not known by any other names.
                    Are you sure you want to continue connecting (yes/no/[fingerprint])?\s""".formatted(name, name, type, fp));
            while (answer != null && !answer.equalsIgnoreCase("yes") && !answer.equals(fp)) {
                if (answer.equalsIgnoreCase("no")) answer = null;
                else answer = terminal.readLine("Please type 'yes', 'no' or the fingerprint: ");
            }
            if (answer == null) throw new VerificationFailed("Host key verification failed.");
        }
        try {
            KnownHosts.add(userFiles.getFirst(), host, port, key, config.hashKnownHosts());
            if (config.checkHostIp() && address != null && !address.equals(host)) {
                KnownHosts.add(userFiles.getFirst(), address, port, key, config.hashKnownHosts());
                name = name + "," + KnownHosts.hostName(address, port);
            }
            if (verbose()) System.err.println("Warning: Permanently added '" + name + "' (" + type + ") to the list of known hosts.");
        } catch (IOException e) {
            System.err.println("Failed to add the host to the list of known hosts (" + userFiles.getFirst() + ").");
        }
    }
}
