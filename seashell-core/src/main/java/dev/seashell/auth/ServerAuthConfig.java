package dev.seashell.auth;

import dev.seashell.config.ServerOptions.PermitRootLogin;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything the server's user authentication follows, one field per sshd_config keyword where
 * there is one. Start from {@link #defaults()} and use the {@code with…} methods.
 *
 * <p>A method is offered only when its flag is on <em>and</em> it has a source: publickey needs
 * {@link #publicKeys}, password needs {@link #passwords}, keyboard-interactive needs
 * {@link #passwords} (a "Password: " round, when {@link #kbdInteractivePassword}) and/or
 * {@link #totp} (a "Verification code: " round). The defaults therefore allow nothing until a
 * source is configured: an embedded server never falls back to system passwords by itself.
 *
 * @param accounts             which users exist (for "Invalid user", groups, PermitRootLogin);
 *                             null means virtual users: any name the authenticators accept
 * @param authenticationMethods AuthenticationMethods: alternative chains such as
 *                             {@code [[publickey, keyboard-interactive], [password]]}; empty = any one method
 * @param allowUsers           AllowUsers patterns ({@code user} or {@code user@host}, host as pattern or CIDR)
 * @param banner               Banner text (not the file name), or null
 * @param pubkeyAcceptedAlgorithms PubkeyAcceptedAlgorithms signature algorithm names
 */
public record ServerAuthConfig(
        PublicKeyAuthenticator publicKeys,
        PasswordAuthenticator passwords,
        TotpAuthenticator totp,
        boolean pubkeyAuthentication,
        boolean passwordAuthentication,
        boolean kbdInteractiveAuthentication,
        boolean kbdInteractivePassword,
        List<List<String>> authenticationMethods,
        PermitRootLogin permitRootLogin,
        boolean permitEmptyPasswords,
        List<String> allowUsers,
        List<String> denyUsers,
        List<String> allowGroups,
        List<String> denyGroups,
        int maxAuthTries,
        String banner,
        List<String> pubkeyAcceptedAlgorithms,
        Function<String, Optional<UserAccount>> accounts,
        Function<String, List<String>> groups) {

    public ServerAuthConfig {
        authenticationMethods = authenticationMethods.stream().map(List::copyOf).toList();
        allowUsers = List.copyOf(allowUsers);
        denyUsers = List.copyOf(denyUsers);
        allowGroups = List.copyOf(allowGroups);
        denyGroups = List.copyOf(denyGroups);
        pubkeyAcceptedAlgorithms = List.copyOf(pubkeyAcceptedAlgorithms);
        if (maxAuthTries < 1) throw new IllegalArgumentException("MaxAuthTries must be at least 1");
    }

    /** OpenSSH's defaults (PermitRootLogin prohibit-password, MaxAuthTries 6), with no credential sources. */
    public static ServerAuthConfig defaults() {
        return new ServerAuthConfig(null, null, null, true, true, true, true, List.of(), PermitRootLogin.PROHIBIT_PASSWORD,
                false, List.of(), List.of(), List.of(), List.of(), 6, null,
                dev.seashell.transport.Algorithms.DEFAULT_HOST_KEY, null, UnixGroups::groupsOf);
    }

    public ServerAuthConfig withPublicKeys(PublicKeyAuthenticator a) { return new ServerAuthConfig(a, passwords, totp, pubkeyAuthentication, passwordAuthentication, kbdInteractiveAuthentication, kbdInteractivePassword, authenticationMethods, permitRootLogin, permitEmptyPasswords, allowUsers, denyUsers, allowGroups, denyGroups, maxAuthTries, banner, pubkeyAcceptedAlgorithms, accounts, groups); }
    public ServerAuthConfig withPasswords(PasswordAuthenticator a) { return new ServerAuthConfig(publicKeys, a, totp, pubkeyAuthentication, passwordAuthentication, kbdInteractiveAuthentication, kbdInteractivePassword, authenticationMethods, permitRootLogin, permitEmptyPasswords, allowUsers, denyUsers, allowGroups, denyGroups, maxAuthTries, banner, pubkeyAcceptedAlgorithms, accounts, groups); }
    public ServerAuthConfig withTotp(TotpAuthenticator a) { return new ServerAuthConfig(publicKeys, passwords, a, pubkeyAuthentication, passwordAuthentication, kbdInteractiveAuthentication, kbdInteractivePassword, authenticationMethods, permitRootLogin, permitEmptyPasswords, allowUsers, denyUsers, allowGroups, denyGroups, maxAuthTries, banner, pubkeyAcceptedAlgorithms, accounts, groups); }
    public ServerAuthConfig withPubkeyAuthentication(boolean on) { return new ServerAuthConfig(publicKeys, passwords, totp, on, passwordAuthentication, kbdInteractiveAuthentication, kbdInteractivePassword, authenticationMethods, permitRootLogin, permitEmptyPasswords, allowUsers, denyUsers, allowGroups, denyGroups, maxAuthTries, banner, pubkeyAcceptedAlgorithms, accounts, groups); }
    public ServerAuthConfig withPasswordAuthentication(boolean on) { return new ServerAuthConfig(publicKeys, passwords, totp, pubkeyAuthentication, on, kbdInteractiveAuthentication, kbdInteractivePassword, authenticationMethods, permitRootLogin, permitEmptyPasswords, allowUsers, denyUsers, allowGroups, denyGroups, maxAuthTries, banner, pubkeyAcceptedAlgorithms, accounts, groups); }
    public ServerAuthConfig withKbdInteractiveAuthentication(boolean on) { return new ServerAuthConfig(publicKeys, passwords, totp, pubkeyAuthentication, passwordAuthentication, on, kbdInteractivePassword, authenticationMethods, permitRootLogin, permitEmptyPasswords, allowUsers, denyUsers, allowGroups, denyGroups, maxAuthTries, banner, pubkeyAcceptedAlgorithms, accounts, groups); }
    /** Whether keyboard-interactive asks for the password (true) or only for the TOTP code. */
    public ServerAuthConfig withKbdInteractivePassword(boolean on) { return new ServerAuthConfig(publicKeys, passwords, totp, pubkeyAuthentication, passwordAuthentication, kbdInteractiveAuthentication, on, authenticationMethods, permitRootLogin, permitEmptyPasswords, allowUsers, denyUsers, allowGroups, denyGroups, maxAuthTries, banner, pubkeyAcceptedAlgorithms, accounts, groups); }
    public ServerAuthConfig withAuthenticationMethods(List<List<String>> m) { return new ServerAuthConfig(publicKeys, passwords, totp, pubkeyAuthentication, passwordAuthentication, kbdInteractiveAuthentication, kbdInteractivePassword, m, permitRootLogin, permitEmptyPasswords, allowUsers, denyUsers, allowGroups, denyGroups, maxAuthTries, banner, pubkeyAcceptedAlgorithms, accounts, groups); }
    public ServerAuthConfig withPermitRootLogin(PermitRootLogin p) { return new ServerAuthConfig(publicKeys, passwords, totp, pubkeyAuthentication, passwordAuthentication, kbdInteractiveAuthentication, kbdInteractivePassword, authenticationMethods, p, permitEmptyPasswords, allowUsers, denyUsers, allowGroups, denyGroups, maxAuthTries, banner, pubkeyAcceptedAlgorithms, accounts, groups); }
    public ServerAuthConfig withPermitEmptyPasswords(boolean on) { return new ServerAuthConfig(publicKeys, passwords, totp, pubkeyAuthentication, passwordAuthentication, kbdInteractiveAuthentication, kbdInteractivePassword, authenticationMethods, permitRootLogin, on, allowUsers, denyUsers, allowGroups, denyGroups, maxAuthTries, banner, pubkeyAcceptedAlgorithms, accounts, groups); }
    /** AllowUsers, DenyUsers, AllowGroups, DenyGroups in one go. */
    public ServerAuthConfig withUserFilters(List<String> allowU, List<String> denyU, List<String> allowG, List<String> denyG) { return new ServerAuthConfig(publicKeys, passwords, totp, pubkeyAuthentication, passwordAuthentication, kbdInteractiveAuthentication, kbdInteractivePassword, authenticationMethods, permitRootLogin, permitEmptyPasswords, allowU, denyU, allowG, denyG, maxAuthTries, banner, pubkeyAcceptedAlgorithms, accounts, groups); }
    public ServerAuthConfig withMaxAuthTries(int n) { return new ServerAuthConfig(publicKeys, passwords, totp, pubkeyAuthentication, passwordAuthentication, kbdInteractiveAuthentication, kbdInteractivePassword, authenticationMethods, permitRootLogin, permitEmptyPasswords, allowUsers, denyUsers, allowGroups, denyGroups, n, banner, pubkeyAcceptedAlgorithms, accounts, groups); }
    public ServerAuthConfig withBanner(String text) { return new ServerAuthConfig(publicKeys, passwords, totp, pubkeyAuthentication, passwordAuthentication, kbdInteractiveAuthentication, kbdInteractivePassword, authenticationMethods, permitRootLogin, permitEmptyPasswords, allowUsers, denyUsers, allowGroups, denyGroups, maxAuthTries, text, pubkeyAcceptedAlgorithms, accounts, groups); }
    public ServerAuthConfig withPubkeyAcceptedAlgorithms(List<String> names) { return new ServerAuthConfig(publicKeys, passwords, totp, pubkeyAuthentication, passwordAuthentication, kbdInteractiveAuthentication, kbdInteractivePassword, authenticationMethods, permitRootLogin, permitEmptyPasswords, allowUsers, denyUsers, allowGroups, denyGroups, maxAuthTries, banner, names, accounts, groups); }
    /** Real accounts (e.g. {@code UserAccount::lookup}) and their groups (e.g. {@code UnixGroups::groupsOf}). */
    public ServerAuthConfig withAccounts(Function<String, Optional<UserAccount>> a, Function<String, List<String>> g) { return new ServerAuthConfig(publicKeys, passwords, totp, pubkeyAuthentication, passwordAuthentication, kbdInteractiveAuthentication, kbdInteractivePassword, authenticationMethods, permitRootLogin, permitEmptyPasswords, allowUsers, denyUsers, allowGroups, denyGroups, maxAuthTries, banner, pubkeyAcceptedAlgorithms, a, g); }

    /** The methods this configuration can offer at all, in OpenSSH's order. */
    public List<String> enabledMethods() {
        List<String> m = new java.util.ArrayList<>();
        if (pubkeyAuthentication && publicKeys != null) m.add("publickey");
        if (passwordAuthentication && passwords != null) m.add("password");
        if (kbdInteractiveAuthentication && ((kbdInteractivePassword && passwords != null) || totp != null)) {
            m.add("keyboard-interactive");
        }
        return List.copyOf(m);
    }
}
