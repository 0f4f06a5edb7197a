package dev.seashell.sftp;

import java.io.IOException;

/** The server answered a request with a status other than OK (or EOF where data was expected). */
public class SftpException extends IOException {
    private final int status;

    public SftpException(int status, String message) {
        super(message == null || message.isEmpty() ? SftpConstants.statusText(status) : message);
        this.status = status;
    }

    /** The SSH_FX_* code. */
    public int status() {
        return status;
    }

    @Override
    public String getMessage() {
        return super.getMessage() + " (" + SftpConstants.statusText(status) + ")";
    }
}
