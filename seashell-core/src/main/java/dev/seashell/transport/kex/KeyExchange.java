package dev.seashell.transport.kex;

import java.io.IOException;

/** One key-exchange method, run once per (re)key by each side. Instances hold no state between runs. */
public interface KeyExchange {
    KexResult client(KexIo io, KexInputs inputs) throws IOException;

    KexResult server(KexIo io, KexInputs inputs, HostKeySigner signer) throws IOException;
}
