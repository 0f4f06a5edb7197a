package dev.seashell.auth;

import java.net.InetSocketAddress;

/** Server side: checks a password. Implementations must take the same time for unknown users. */
@FunctionalInterface
public interface PasswordAuthenticator {
    boolean check(String user, char[] password, InetSocketAddress remote);
}
