package dev.seashell.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Every sshd_config(5) keyword, what Seashell does with it, and how repeated lines combine. */
final class SshdKeywords {
    private SshdKeywords() {}

    enum Status { IMPLEMENTED, UNIMPLEMENTED, DEPRECATED, IGNORED }

    /** {@code multi}: each line appends (ListenAddress, Port, …); otherwise the first line wins. */
    record Spec(String name, Status status, boolean multi, boolean inMatch) {}

    static final List<String> ALL = List.of("AcceptEnv", "AddressFamily", "AllowAgentForwarding", "AllowGroups",
            "AllowStreamLocalForwarding", "AllowTcpForwarding", "AllowUsers", "AuthenticationMethods",
            "AuthorizedKeysCommand", "AuthorizedKeysCommandUser", "AuthorizedKeysFile", "AuthorizedPrincipalsCommand",
            "AuthorizedPrincipalsCommandUser", "AuthorizedPrincipalsFile", "Banner", "CASignatureAlgorithms",
            "ChannelTimeout", "ChrootDirectory", "Ciphers", "ClientAliveCountMax", "ClientAliveInterval",
            "Compression", "DenyGroups", "DenyUsers", "DisableForwarding", "ExposeAuthInfo", "FingerprintHash",
            "ForceCommand", "GatewayPorts", "GSSAPIAuthentication", "GSSAPICleanupCredentials",
            "GSSAPIDelegateCredentials", "GSSAPIStrictAcceptorCheck", "HostbasedAcceptedAlgorithms",
            "HostbasedAuthentication", "HostbasedUsesNameFromPacketOnly", "HostCertificate", "HostKey",
            "HostKeyAgent", "HostKeyAlgorithms", "IgnoreRhosts", "IgnoreUserKnownHosts", "Include", "IPQoS",
            "KbdInteractiveAuthentication", "KerberosAuthentication", "KerberosGetAFSToken", "KerberosOrLocalPasswd",
            "KerberosTicketCleanup", "KexAlgorithms", "ListenAddress", "LoginGraceTime", "LogLevel", "LogVerbose",
            "MACs", "Match", "MaxAuthTries", "MaxSessions", "MaxStartups", "ModuliFile", "PAMServiceName",
            "PasswordAuthentication", "PermitEmptyPasswords", "PermitListen", "PermitOpen", "PermitRootLogin",
            "PermitTTY", "PermitTunnel", "PermitUserEnvironment", "PermitUserRC", "PerSourceMaxStartups",
            "PerSourceNetBlockSize", "PerSourcePenalties", "PerSourcePenaltyExemptList", "PidFile", "Port",
            "PrintLastLog", "PrintMotd", "PubkeyAcceptedAlgorithms", "PubkeyAuthOptions", "PubkeyAuthentication",
            "RefuseConnection", "RekeyLimit", "RequiredRSASize", "RevokedKeys", "RDomain", "SecurityKeyProvider",
            "SetEnv", "SshdAuthPath", "SshdSessionPath", "StreamLocalBindMask", "StreamLocalBindUnlink",
            "StrictModes", "Subsystem", "SyslogFacility", "TCPKeepAlive", "TrustedUserCAKeys",
            "UnusedConnectionTimeout", "UseDNS", "UsePAM", "VersionAddendum", "X11DisplayOffset", "X11Forwarding",
            "X11UseLocalhost", "XAuthLocation");

    static final Set<String> IMPLEMENTED = Set.of("Port", "ListenAddress", "HostKey", "PidFile",
            "AuthorizedKeysFile", "StrictModes", "LogLevel", "Ciphers", "KexAlgorithms", "MACs", "HostKeyAlgorithms",
            "PubkeyAcceptedAlgorithms", "RekeyLimit", "Compression", "Subsystem", "PasswordAuthentication",
            "PubkeyAuthentication", "KbdInteractiveAuthentication", "PermitRootLogin", "MaxAuthTries",
            "LoginGraceTime", "ClientAliveInterval", "ClientAliveCountMax", "MaxSessions", "MaxStartups",
            "AllowUsers", "DenyUsers", "AllowGroups", "DenyGroups", "Banner", "ForceCommand", "PermitTTY",
            "AcceptEnv", "SetEnv", "PrintMotd", "UseDNS", "AllowTcpForwarding", "GatewayPorts", "X11Forwarding",
            "AllowAgentForwarding", "X11DisplayOffset", "X11UseLocalhost", "XAuthLocation",
            "AuthenticationMethods", "Include", "Match", "PerSourcePenalties", "PerSourcePenaltyExemptList",
            "PerSourceMaxStartups", "PerSourceNetBlockSize", "TrustedUserCAKeys", "AuthorizedPrincipalsFile",
            "RevokedKeys", "HostCertificate", "PermitUserEnvironment", "AuthorizedKeysCommand",
            "AuthorizedKeysCommandUser", "AuthorizedPrincipalsCommand", "AuthorizedPrincipalsCommandUser",
            "CASignatureAlgorithms", "PermitOpen", "PermitListen", "DisableForwarding",
            "AllowStreamLocalForwarding");

    private static final Set<String> MULTI = Set.of("acceptenv", "allowusers", "denyusers", "allowgroups",
            "denygroups", "hostkey", "hostcertificate", "listenaddress", "port", "subsystem");

    private static final Set<String> IN_MATCH = Set.of("acceptenv", "allowagentforwarding", "allowgroups",
            "allowstreamlocalforwarding", "allowtcpforwarding", "allowusers", "authenticationmethods",
            "authorizedkeyscommand", "authorizedkeyscommanduser", "authorizedkeysfile",
            "authorizedprincipalscommand", "authorizedprincipalscommanduser", "authorizedprincipalsfile", "banner",
            "casignaturealgorithms", "channeltimeout", "chrootdirectory", "clientalivecountmax",
            "clientaliveinterval", "denygroups", "denyusers", "disableforwarding", "exposeauthinfo", "forcecommand",
            "gatewayports", "gssapiauthentication", "hostbasedacceptedalgorithms", "hostbasedauthentication",
            "hostbasedusesnamefrompacketonly", "ignorerhosts", "include", "ipqos", "kbdinteractiveauthentication",
            "kerberosauthentication", "loglevel", "maxauthtries", "maxsessions", "pamservicename",
            "passwordauthentication", "permitemptypasswords", "permitlisten", "permitopen", "permitrootlogin",
            "permittty", "permittunnel", "permituserrc", "pubkeyacceptedalgorithms", "pubkeyauthentication",
            "pubkeyauthoptions", "refuseconnection", "rekeylimit", "revokedkeys", "rdomain", "setenv",
            "streamlocalbindmask", "streamlocalbindunlink", "trustedusercakeys", "unusedconnectiontimeout",
            "x11displayoffset", "x11forwarding", "x11uselocalhost", "match");

    /** Old names OpenSSH still maps onto a current keyword. */
    static final Map<String, String> ALIASES = Map.of(
            "challengeresponseauthentication", "KbdInteractiveAuthentication",
            "skeyauthentication", "KbdInteractiveAuthentication",
            "dsaauthentication", "PubkeyAuthentication",
            "pubkeyacceptedkeytypes", "PubkeyAcceptedAlgorithms",
            "hostbasedacceptedkeytypes", "HostbasedAcceptedAlgorithms");

    private static final Set<String> DEPRECATED = Set.of("UsePrivilegeSeparation", "RSAAuthentication",
            "RhostsRSAAuthentication", "ServerKeyBits", "KeyRegenerationInterval", "UseLogin",
            "VerifyReverseMapping", "ReverseMappingCheck", "PAMAuthenticationViaKbdInt");

    private static final Map<String, Spec> TABLE = build();

    private static Map<String, Spec> build() {
        Map<String, Spec> m = new HashMap<>();
        for (String k : ALL) {
            String key = k.toLowerCase(java.util.Locale.ROOT);
            Status s = IMPLEMENTED.contains(k) ? Status.IMPLEMENTED : Status.UNIMPLEMENTED;
            m.put(key, new Spec(k, s, MULTI.contains(key), IN_MATCH.contains(key)));
        }
        for (String k : DEPRECATED) {
            m.put(k.toLowerCase(java.util.Locale.ROOT), new Spec(k, Status.DEPRECATED, false, true));
        }
        m.put("protocol", new Spec("Protocol", Status.IGNORED, false, false));
        for (Map.Entry<String, String> a : ALIASES.entrySet()) {
            m.put(a.getKey(), m.get(a.getValue().toLowerCase(java.util.Locale.ROOT)));
        }
        return Map.copyOf(m);
    }

    /** The spec for a keyword (any case, aliases resolved), or null when OpenSSH does not know it. */
    static Spec lookup(String keyword) {
        return TABLE.get(keyword.toLowerCase(java.util.Locale.ROOT));
    }
}
