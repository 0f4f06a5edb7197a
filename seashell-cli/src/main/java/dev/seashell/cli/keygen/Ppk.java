package dev.seashell.cli.keygen;

import java.nio.file.Path;

/** PuTTY .ppk import and export (-i/-e -m PPK). */
final class Ppk {
    private Ppk() {}

    static int export(Io io, Options o, Path file) throws Fail {
        throw Fail.fatal("PPK export is not supported yet");
    }

    static int importKey(Io io, Options o, Path file) throws Fail {
        throw Fail.fatal("PPK import is not supported yet");
    }
}
