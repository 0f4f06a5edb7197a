package dev.seashell.cli.agent;

import dev.seashell.client.HostKeyMismatchException;
import dev.seashell.keys.Fingerprints;
import dev.seashell.keys.KnownHosts;
import dev.seashell.keys.SshPublicKey;
import dev.seashell.transport.HostKeyVerifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * copy-id's host key check: known_hosts with StrictHostKeyChecking yes / accept-new / no / ask
 * (ask prompts on the terminal; without one, unknown keys are refused).
 */
record KnownHostsCheck(Path file, String strict, String host, int port, Io io) implements HostKeyVerifier {
    @Override
    public void verify(SshPublicKey key) throws IOException {
        String name = KnownHosts.hostName(host, port);
        KnownHosts.Lookup found = KnownHosts.read(List.of(file)).check(host, port, key);
        boolean lax = strict.equals("no") || strict.equals("off");
        switch (found.status()) {
            case KNOWN -> { }
            case REVOKED -> throw new IOException("The " + key.displayType() + " host key for " + name + " is marked as revoked.\nHost key verification failed.");
            case CHANGED -> {
                if (!lax) throw new HostKeyMismatchException("WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED! (" + name
                        + ", " + Fingerprints.sha256(key) + ")\nHost key verification failed.", host, port, key.keyType(),
                        List.of(Fingerprints.sha256(found.entry().key())), Fingerprints.sha256(key));
            }
            case UNKNOWN -> {
                boolean accept = lax || strict.equals("accept-new");
                if (!accept && !strict.equals("yes")) {
                    io.err.println("The authenticity of host '" + name + "' can't be established.");
                    io.err.println(key.displayType() + " key fingerprint is " + Fingerprints.sha256(key) + ".");
                    String answer = io.tty ? readAnswer() : null;
                    accept = answer != null && (answer.equalsIgnoreCase("yes") || answer.equals(Fingerprints.sha256(key)));
                }
                if (!accept) throw new IOException("Host key verification failed.");
                if (file.getParent() != null) Files.createDirectories(file.getParent());
                KnownHosts.add(file, host, port, key, false);
                io.err.println("Warning: Permanently added '" + name + "' (" + key.displayType() + ") to the list of known hosts.");
            }
        }
    }

    private String readAnswer() {
        char[] a = io.readSecretEcho("Are you sure you want to continue connecting (yes/no/[fingerprint])? ");
        return a == null ? null : new String(a).strip();
    }
}
