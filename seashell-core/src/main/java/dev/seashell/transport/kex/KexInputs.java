package dev.seashell.transport.kex;

/**
 * What both sides put into the exchange hash before the method's own values (RFC 4253 §8): the
 * version strings without CR LF, and the KEXINIT payloads as sent.
 */
public record KexInputs(byte[] clientVersion, byte[] serverVersion, byte[] clientKexInit, byte[] serverKexInit) {}
