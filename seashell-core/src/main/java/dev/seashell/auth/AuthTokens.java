package dev.seashell.auth;

import dev.seashell.keys.Fingerprints;
import dev.seashell.keys.SshCertificate;
import dev.seashell.keys.SshPublicKey;
import java.net.InetSocketAddress;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** The %-tokens sshd_config(5) defines for AuthorizedKeysCommand and AuthorizedPrincipalsCommand. */
final class AuthTokens {
    private AuthTokens() {}

    /**
     * %C %D %f %h %k %t %U %u for any key, plus %F %i %K %s %T for a certificate. %C is "client
     * address, client port, server address, server port"; %D (routing domain) is always empty here.
     */
    static Map<Character, String> forKey(UserAccount account, SshPublicKey key, InetSocketAddress remote,
                                         InetSocketAddress local) {
        Map<Character, String> t = new HashMap<>();
        t.put('C', address(remote) + " " + port(remote) + " " + address(local) + " " + port(local));
        t.put('D', "");
        t.put('f', Fingerprints.sha256(key));
        t.put('h', account.home());
        t.put('k', Base64.getEncoder().encodeToString(key.blob()));
        t.put('t', key.keyType());
        t.put('U', Integer.toString(account.uid()));
        t.put('u', account.name());
        if (key instanceof SshCertificate c) {
            t.put('F', Fingerprints.sha256(c.signatureKey()));
            t.put('i', c.keyId());
            t.put('K', Base64.getEncoder().encodeToString(c.signatureKey().blob()));
            t.put('s', Long.toUnsignedString(c.serial()));
            t.put('T', c.signatureKey().keyType());
        }
        return t;
    }

    private static String address(InetSocketAddress a) {
        return a == null || a.getAddress() == null ? "UNKNOWN" : a.getAddress().getHostAddress();
    }

    private static String port(InetSocketAddress a) {
        return a == null ? "0" : Integer.toString(a.getPort());
    }
}
