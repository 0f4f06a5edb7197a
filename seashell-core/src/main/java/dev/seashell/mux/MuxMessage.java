package dev.seashell.mux;

import dev.seashell.wire.SshFormatException;
import dev.seashell.wire.SshReader;
import dev.seashell.wire.SshWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The messages of OpenSSH's multiplexing protocol, version 4 (PROTOCOL.mux). Each is framed as
 * {@code uint32 length, uint32 type, body}; {@link MuxCodec} does the framing.
 */
public sealed interface MuxMessage {
    int MUX_MSG_HELLO = 0x00000001;
    int MUX_C_NEW_SESSION = 0x10000002;
    int MUX_C_ALIVE_CHECK = 0x10000004;
    int MUX_C_TERMINATE = 0x10000005;
    int MUX_C_OPEN_FWD = 0x10000006;
    int MUX_C_CLOSE_FWD = 0x10000007;
    int MUX_C_NEW_STDIO_FWD = 0x10000008;
    int MUX_C_STOP_LISTENING = 0x10000009;
    int MUX_C_PROXY = 0x1000000f;
    int MUX_S_OK = 0x80000001;
    int MUX_S_PERMISSION_DENIED = 0x80000002;
    int MUX_S_FAILURE = 0x80000003;
    int MUX_S_EXIT_MESSAGE = 0x80000004;
    int MUX_S_ALIVE = 0x80000005;
    int MUX_S_SESSION_OPENED = 0x80000006;
    int MUX_S_REMOTE_PORT = 0x80000007;
    int MUX_S_TTY_ALLOC_FAIL = 0x80000008;
    int MUX_S_PROXY = 0x8000000f;

    int VERSION = 4;
    int FWD_LOCAL = 1;
    int FWD_REMOTE = 2;
    int FWD_DYNAMIC = 3;
    /** A port of (uint32) -2 means the host field is a unix socket path. */
    int PORT_STREAMLOCAL = -2;
    /** Escape char value for "none". */
    int NO_ESCAPE = -1;

    /** The message type number. */
    int type();

    /** The body after the type field. */
    void encodeBody(SshWriter w);

    /** Messages carrying a request id (client requests and their replies). */
    sealed interface Request extends MuxMessage {
        int requestId();
    }

    /** MUX_MSG_HELLO: the first message each way, with the protocol version (4). */
    record Hello(int version) implements MuxMessage {
        public int type() {
            return MUX_MSG_HELLO;
        }

        public void encodeBody(SshWriter w) {
            w.writeInt(version);
        }
    }

    /** MUX_C_NEW_SESSION: a client asks for a session with its terminal, environment and command. */
    record NewSession(int requestId, boolean tty, boolean x11, boolean agent, boolean subsystem, int escapeChar,
            String term, String command, List<String> env) implements Request {
        public NewSession {
            env = List.copyOf(env);
        }

        public int type() {
            return MUX_C_NEW_SESSION;
        }

        public void encodeBody(SshWriter w) {
            // The flags are uint32 on the wire (mux.c), although PROTOCOL.mux calls them bool.
            w.writeInt(requestId).writeString("").writeInt(tty ? 1 : 0).writeInt(x11 ? 1 : 0).writeInt(agent ? 1 : 0)
                    .writeInt(subsystem ? 1 : 0).writeInt(escapeChar).writeString(term).writeString(command);
            env.forEach(w::writeString);
        }
    }

    /** MUX_C_NEW_STDIO_FWD: a client asks for its stdio to be forwarded to host:port ({@code ssh -W}). */
    record NewStdioFwd(int requestId, String host, int port) implements Request {
        public int type() {
            return MUX_C_NEW_STDIO_FWD;
        }

        public void encodeBody(SshWriter w) {
            w.writeInt(requestId).writeString("").writeString(host).writeInt(port);
        }
    }

    /** MUX_C_ALIVE_CHECK: {@code ssh -O check}. */
    record AliveCheck(int requestId) implements Request {
        public int type() {
            return MUX_C_ALIVE_CHECK;
        }

        public void encodeBody(SshWriter w) {
            w.writeInt(requestId);
        }
    }

    /** MUX_C_TERMINATE: {@code ssh -O exit}. */
    record Terminate(int requestId) implements Request {
        public int type() {
            return MUX_C_TERMINATE;
        }

        public void encodeBody(SshWriter w) {
            w.writeInt(requestId);
        }
    }

    /** MUX_C_STOP_LISTENING: {@code ssh -O stop}. */
    record StopListening(int requestId) implements Request {
        public int type() {
            return MUX_C_STOP_LISTENING;
        }

        public void encodeBody(SshWriter w) {
            w.writeInt(requestId);
        }
    }

    /** MUX_C_PROXY: {@code ssh -O proxy}; afterwards the socket carries SSH connection-protocol packets. */
    record Proxy(int requestId) implements Request {
        public int type() {
            return MUX_C_PROXY;
        }

        public void encodeBody(SshWriter w) {
            w.writeInt(requestId);
        }
    }

    /** One forwarding as the protocol names it: -L, -R or -D with its addresses. */
    record Forward(int kind, String listenHost, int listenPort, String connectHost, int connectPort) {
        void encode(SshWriter w) {
            w.writeInt(kind).writeString(listenHost).writeInt(listenPort).writeString(connectHost).writeInt(connectPort);
        }

        static Forward decode(SshReader r) throws SshFormatException {
            return new Forward(r.readInt(), r.readString(), r.readInt(), r.readString(), r.readInt());
        }
    }

    /** MUX_C_OPEN_FWD: {@code ssh -O forward}. */
    record OpenForward(int requestId, Forward forward) implements Request {
        public int type() {
            return MUX_C_OPEN_FWD;
        }

        public void encodeBody(SshWriter w) {
            w.writeInt(requestId);
            forward.encode(w);
        }
    }

    /** MUX_C_CLOSE_FWD: {@code ssh -O cancel}. */
    record CloseForward(int requestId, Forward forward) implements Request {
        public int type() {
            return MUX_C_CLOSE_FWD;
        }

        public void encodeBody(SshWriter w) {
            w.writeInt(requestId);
            forward.encode(w);
        }
    }

    /** MUX_S_OK: the request succeeded. */
    record Ok(int requestId) implements Request {
        public int type() {
            return MUX_S_OK;
        }

        public void encodeBody(SshWriter w) {
            w.writeInt(requestId);
        }
    }

    /** MUX_S_PERMISSION_DENIED, with the reason. */
    record PermissionDenied(int requestId, String reason) implements Request {
        public int type() {
            return MUX_S_PERMISSION_DENIED;
        }

        public void encodeBody(SshWriter w) {
            w.writeInt(requestId).writeString(reason);
        }
    }

    /** MUX_S_FAILURE, with the reason. */
    record Failure(int requestId, String reason) implements Request {
        public int type() {
            return MUX_S_FAILURE;
        }

        public void encodeBody(SshWriter w) {
            w.writeInt(requestId).writeString(reason);
        }
    }

    /** MUX_S_ALIVE: the answer to a check, with the master's process id. */
    record Alive(int requestId, int pid) implements Request {
        public int type() {
            return MUX_S_ALIVE;
        }

        public void encodeBody(SshWriter w) {
            w.writeInt(requestId).writeInt(pid);
        }
    }

    /** MUX_S_SESSION_OPENED: the new session's id. */
    record SessionOpened(int requestId, int sessionId) implements Request {
        public int type() {
            return MUX_S_SESSION_OPENED;
        }

        public void encodeBody(SshWriter w) {
            w.writeInt(requestId).writeInt(sessionId);
        }
    }

    /** MUX_S_REMOTE_PORT: the port the server allocated for a {@code -R 0:...} forward. */
    record RemotePort(int requestId, int port) implements Request {
        public int type() {
            return MUX_S_REMOTE_PORT;
        }

        public void encodeBody(SshWriter w) {
            w.writeInt(requestId).writeInt(port);
        }
    }

    /** MUX_S_PROXY: proxy mode begins. */
    record ProxyOk(int requestId) implements Request {
        public int type() {
            return MUX_S_PROXY;
        }

        public void encodeBody(SshWriter w) {
            w.writeInt(requestId);
        }
    }

    /** MUX_S_EXIT_MESSAGE: the session's exit status. */
    record ExitMessage(int sessionId, int exitValue) implements MuxMessage {
        public int type() {
            return MUX_S_EXIT_MESSAGE;
        }

        public void encodeBody(SshWriter w) {
            w.writeInt(sessionId).writeInt(exitValue);
        }
    }

    /** MUX_S_TTY_ALLOC_FAIL: the server refused the session a terminal. */
    record TtyAllocFail(int sessionId) implements MuxMessage {
        public int type() {
            return MUX_S_TTY_ALLOC_FAIL;
        }

        public void encodeBody(SshWriter w) {
            w.writeInt(sessionId);
        }
    }

    /** A message whose type this implementation does not know; answered with failure. */
    record Unknown(int type, int requestId) implements MuxMessage {
        public void encodeBody(SshWriter w) {
            w.writeInt(requestId);
        }
    }

    /** Decodes a packet body (type first). Hello extensions are skipped, as no extensions are defined. */
    static MuxMessage decode(byte[] packet) throws SshFormatException {
        SshReader r = new SshReader(packet);
        int type = r.readInt();
        MuxMessage m = switch (type) {
            case MUX_MSG_HELLO -> {
                int version = r.readInt();
                while (r.remaining() > 0) {
                    r.skipString();
                    r.skipString();
                }
                yield new Hello(version);
            }
            case MUX_C_NEW_SESSION -> {
                int id = r.readInt();
                r.skipString();
                boolean tty = r.readInt() != 0;
                boolean x11 = r.readInt() != 0;
                boolean agent = r.readInt() != 0;
                boolean subsystem = r.readInt() != 0;
                int escape = r.readInt();
                String term = r.readString();
                String command = r.readString();
                List<String> env = new ArrayList<>();
                while (r.remaining() > 0) {
                    if (env.size() >= 4096) throw new SshFormatException("too many environment strings");
                    env.add(r.readString());
                }
                yield new NewSession(id, tty, x11, agent, subsystem, escape, term, command, env);
            }
            case MUX_C_NEW_STDIO_FWD -> {
                int id = r.readInt();
                r.skipString();
                yield new NewStdioFwd(id, r.readString(), r.readInt());
            }
            case MUX_C_ALIVE_CHECK -> new AliveCheck(r.readInt());
            case MUX_C_TERMINATE -> new Terminate(r.readInt());
            case MUX_C_STOP_LISTENING -> new StopListening(r.readInt());
            case MUX_C_PROXY -> new Proxy(r.readInt());
            case MUX_C_OPEN_FWD -> new OpenForward(r.readInt(), Forward.decode(r));
            case MUX_C_CLOSE_FWD -> new CloseForward(r.readInt(), Forward.decode(r));
            case MUX_S_OK -> new Ok(r.readInt());
            case MUX_S_PERMISSION_DENIED -> new PermissionDenied(r.readInt(), r.readString());
            case MUX_S_FAILURE -> new Failure(r.readInt(), r.readString());
            case MUX_S_ALIVE -> new Alive(r.readInt(), r.readInt());
            case MUX_S_SESSION_OPENED -> new SessionOpened(r.readInt(), r.readInt());
            case MUX_S_REMOTE_PORT -> new RemotePort(r.readInt(), r.readInt());
            case MUX_S_PROXY -> new ProxyOk(r.readInt());
            case MUX_S_EXIT_MESSAGE -> new ExitMessage(r.readInt(), r.readInt());
            case MUX_S_TTY_ALLOC_FAIL -> new TtyAllocFail(r.readInt());
            default -> {
                int id = r.remaining() >= 4 ? r.readInt() : 0;
                r.readRest();
                yield new Unknown(type, id);
            }
        };
        r.expectEnd();
        return m;
    }
}
