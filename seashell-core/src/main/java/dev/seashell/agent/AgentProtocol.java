package dev.seashell.agent;

/** Message numbers, constraint identifiers and flags of the agent protocol (draft-ietf-sshm-ssh-agent §6). */
public final class AgentProtocol {
    private AgentProtocol() {}

    public static final int FAILURE = 5;
    public static final int SUCCESS = 6;
    public static final int REQUEST_IDENTITIES = 11;
    public static final int IDENTITIES_ANSWER = 12;
    public static final int SIGN_REQUEST = 13;
    public static final int SIGN_RESPONSE = 14;
    public static final int ADD_IDENTITY = 17;
    public static final int REMOVE_IDENTITY = 18;
    public static final int REMOVE_ALL_IDENTITIES = 19;
    public static final int ADD_SMARTCARD_KEY = 20;
    public static final int REMOVE_SMARTCARD_KEY = 21;
    public static final int LOCK = 22;
    public static final int UNLOCK = 23;
    public static final int ADD_ID_CONSTRAINED = 25;
    public static final int ADD_SMARTCARD_KEY_CONSTRAINED = 26;
    public static final int EXTENSION = 27;
    public static final int EXTENSION_FAILURE = 28;
    public static final int EXTENSION_RESPONSE = 29;

    public static final int CONSTRAIN_LIFETIME = 1;
    public static final int CONSTRAIN_CONFIRM = 2;
    public static final int CONSTRAIN_EXTENSION = 255;

    public static final int RSA_SHA2_256 = 0x02;
    public static final int RSA_SHA2_512 = 0x04;

    /** Largest frame either side accepts, as OpenSSH's AGENT_MAX_LEN (256 KiB). */
    public static final int MAX_FRAME = 256 * 1024;

    public static final String EXT_QUERY = "query";
    public static final String EXT_SESSION_BIND = "session-bind@openssh.com";
}
