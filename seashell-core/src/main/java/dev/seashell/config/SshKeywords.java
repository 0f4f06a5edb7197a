package dev.seashell.config;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Every ssh_config(5) keyword, the ones Seashell implements, aliases and deprecated names. */
final class SshKeywords {
    private SshKeywords() {}

    static final List<String> ALL = List.of("Host", "Match", "Include", "AddKeysToAgent", "AddressFamily",
            "BatchMode", "BindAddress", "BindInterface", "CanonicalDomains", "CanonicalizeFallbackLocal",
            "CanonicalizeHostname", "CanonicalizeMaxDots", "CanonicalizePermittedCNAMEs", "CASignatureAlgorithms",
            "CertificateFile", "ChannelTimeout", "CheckHostIP", "Ciphers", "ClearAllForwardings", "Compression",
            "ConnectionAttempts", "ConnectTimeout", "ControlMaster", "ControlPath", "ControlPersist",
            "DynamicForward", "EnableEscapeCommandline", "EnableSSHKeysign", "EscapeChar", "ExitOnForwardFailure",
            "FingerprintHash", "ForkAfterAuthentication", "ForwardAgent", "ForwardX11", "ForwardX11Timeout",
            "ForwardX11Trusted", "GatewayPorts", "GlobalKnownHostsFile", "GSSAPIAuthentication",
            "GSSAPIDelegateCredentials", "HashKnownHosts", "HostbasedAcceptedAlgorithms", "HostbasedAuthentication",
            "HostKeyAlgorithms", "HostKeyAlias", "Hostname", "IdentitiesOnly", "IdentityAgent", "IdentityFile",
            "IgnoreUnknown", "IPQoS", "KbdInteractiveAuthentication", "KbdInteractiveDevices", "KexAlgorithms",
            "KnownHostsCommand", "LocalCommand", "LocalForward", "LogLevel", "LogVerbose", "MACs",
            "NoHostAuthenticationForLocalhost", "NumberOfPasswordPrompts", "ObscureKeystrokeTiming",
            "PasswordAuthentication", "PermitLocalCommand", "PermitRemoteOpen", "PKCS11Provider", "Port",
            "PreferredAuthentications", "ProxyCommand", "ProxyJump", "ProxyUseFdpass", "PubkeyAcceptedAlgorithms",
            "PubkeyAuthentication", "RefuseConnection", "RekeyLimit", "RemoteCommand", "RemoteForward", "RequestTTY",
            "RequiredRSASize", "RevokedHostKeys", "SecurityKeyProvider", "SendEnv", "ServerAliveCountMax",
            "ServerAliveInterval", "SessionType", "SetEnv", "StdinNull", "StreamLocalBindMask",
            "StreamLocalBindUnlink", "StrictHostKeyChecking", "SyslogFacility", "TCPKeepAlive", "Tag", "Tunnel",
            "TunnelDevice", "UpdateHostKeys", "User", "UserKnownHostsFile", "VerifyHostKeyDNS", "VersionAddendum",
            "VisualHostKey", "WarnWeakCrypto", "XAuthLocation");

    static final Set<String> IMPLEMENTED = Set.of("Host", "Match", "Include", "Hostname", "Port", "User",
            "IdentityFile", "IdentitiesOnly", "UserKnownHostsFile", "GlobalKnownHostsFile", "StrictHostKeyChecking",
            "BatchMode", "ConnectTimeout", "ConnectionAttempts", "LogLevel", "Ciphers", "KexAlgorithms", "MACs",
            "HostKeyAlgorithms", "PubkeyAcceptedAlgorithms", "RekeyLimit", "Compression", "ServerAliveInterval",
            "ServerAliveCountMax", "PreferredAuthentications", "NumberOfPasswordPrompts", "PasswordAuthentication",
            "KbdInteractiveAuthentication", "PubkeyAuthentication", "HashKnownHosts", "CheckHostIP", "ProxyJump",
            "ProxyCommand", "LocalForward", "RemoteForward", "DynamicForward", "ForwardAgent", "RequestTTY",
            "SendEnv", "SetEnv", "EscapeChar", "AddressFamily", "BindAddress", "ControlMaster", "ControlPath",
            "ControlPersist", "ExitOnForwardFailure", "GatewayPorts", "CertificateFile", "CASignatureAlgorithms",
            "RevokedHostKeys");

    /** Each line appends; all others: the first obtained line wins. */
    static final Set<String> MULTI = Set.of("identityfile", "certificatefile", "localforward", "remoteforward",
            "dynamicforward", "sendenv");

    private static final Map<String, String> ALIASES = Map.of(
            "challengeresponseauthentication", "KbdInteractiveAuthentication",
            "skeyauthentication", "KbdInteractiveAuthentication",
            "tisauthentication", "KbdInteractiveAuthentication",
            "dsaauthentication", "PubkeyAuthentication",
            "pubkeyacceptedkeytypes", "PubkeyAcceptedAlgorithms",
            "hostbasedkeytypes", "HostbasedAcceptedAlgorithms",
            "hostbasedacceptedkeytypes", "HostbasedAcceptedAlgorithms",
            "smartcarddevice", "PKCS11Provider");

    /** Accepted and ignored by ssh (debug-logged as deprecated). */
    private static final Set<String> DEPRECATED = Set.of("protocol", "cipher", "fallbacktorsh",
            "globalknownhostsfile2", "rhostsauthentication", "userknownhostsfile2", "useroaming", "usersh",
            "useprivilegedport", "rsaauthentication", "rhostsrsaauthentication", "compressionlevel",
            "afstokenpassing", "kerberosauthentication", "kerberostgtpassing", "gssapikeyexchange",
            "gssapiclientidentity", "gssapiserveridentity", "gssapirenewalforcesrekey", "gssapitrustdns",
            "gssapikexalgorithms", "useblacklistedkeys");

    private static final Map<String, String> CANONICAL = build();

    private static Map<String, String> build() {
        Map<String, String> m = new HashMap<>();
        for (String k : ALL) {
            m.put(k.toLowerCase(Locale.ROOT), k);
        }
        for (Map.Entry<String, String> a : ALIASES.entrySet()) {
            m.put(a.getKey(), a.getValue());
        }
        for (String d : DEPRECATED) {
            m.put(d, "");
        }
        return Map.copyOf(m);
    }

    /** Canonical spelling; "" for a deprecated keyword; null when ssh does not know it. */
    static String canonical(String keyword) {
        return CANONICAL.get(keyword.toLowerCase(Locale.ROOT));
    }

    static boolean implemented(String canonical) {
        return IMPLEMENTED.contains(canonical);
    }
}
