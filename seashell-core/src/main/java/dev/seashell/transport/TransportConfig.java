package dev.seashell.transport;

import java.time.Duration;
import java.util.List;

/**
 * Algorithm preferences and limits of one side of a transport. Lists are wire names in preference
 * order, already resolved against {@link Algorithms} (config's +/-/^ syntax is handled above).
 *
 * @param rekeyBytes re-key after this many bytes in either direction; 0 picks the cipher's default
 * @param rekeyInterval re-key after this time; null for none
 * @param compression offered compression methods in order
 */
public record TransportConfig(
        List<String> kexAlgorithms,
        List<String> hostKeyAlgorithms,
        List<String> ciphers,
        List<String> macs,
        List<String> compression,
        long rekeyBytes,
        Duration rekeyInterval,
        String softwareVersion) {

    public static final String SOFTWARE_VERSION = "Seashell_0.1";

    public static TransportConfig defaults() {
        return new TransportConfig(Algorithms.DEFAULT_KEX, Algorithms.DEFAULT_HOST_KEY, Algorithms.DEFAULT_CIPHERS,
                Algorithms.DEFAULT_MACS, List.of("none", "zlib@openssh.com"), 0, null, SOFTWARE_VERSION);
    }

    /** A server's defaults: as {@link #defaults()} without the NIST-curve key exchanges. */
    public static TransportConfig serverDefaults() {
        return defaults().withKex(Algorithms.DEFAULT_SERVER_KEX);
    }

    public TransportConfig withKex(List<String> v) {
        return new TransportConfig(v, hostKeyAlgorithms, ciphers, macs, compression, rekeyBytes, rekeyInterval, softwareVersion);
    }

    public TransportConfig withHostKeyAlgorithms(List<String> v) {
        return new TransportConfig(kexAlgorithms, v, ciphers, macs, compression, rekeyBytes, rekeyInterval, softwareVersion);
    }

    public TransportConfig withCiphers(List<String> v) {
        return new TransportConfig(kexAlgorithms, hostKeyAlgorithms, v, macs, compression, rekeyBytes, rekeyInterval, softwareVersion);
    }

    public TransportConfig withMacs(List<String> v) {
        return new TransportConfig(kexAlgorithms, hostKeyAlgorithms, ciphers, v, compression, rekeyBytes, rekeyInterval, softwareVersion);
    }

    public TransportConfig withCompression(List<String> v) {
        return new TransportConfig(kexAlgorithms, hostKeyAlgorithms, ciphers, macs, v, rekeyBytes, rekeyInterval, softwareVersion);
    }

    public TransportConfig withRekey(long bytes, Duration interval) {
        return new TransportConfig(kexAlgorithms, hostKeyAlgorithms, ciphers, macs, compression, bytes, interval, softwareVersion);
    }
}
