package dev.seashell.transport.kex;

import static org.assertj.core.api.Assertions.assertThat;

import dev.seashell.transport.Algorithms;
import dev.seashell.transport.kex.KexTestSupport.Ed25519Signer;
import dev.seashell.transport.kex.KexTestSupport.Outcome;
import dev.seashell.transport.kex.KexTestSupport.Pipe;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KexPrecomputeTest {
    @ParameterizedTest
    @ValueSource(strings = {"sntrup761x25519-sha512@openssh.com", "sntrup761x25519-sha512", "mlkem768x25519-sha256",
            "curve25519-sha256", "curve25519-sha256@libssh.org", "ecdh-sha2-nistp256", "diffie-hellman-group14-sha256"})
    void precomputedKeysAgreeWithAFreshServer(String negotiated) throws Exception {
        KexPrecompute pre = KexPrecompute.start(Algorithms.DEFAULT_KEX, "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10");
        KexAlgorithm a = KexAlgorithm.fromWireName(negotiated);
        Ed25519Signer signer = new Ed25519Signer();
        Outcome o = KexTestSupport.run(pre.create(a), a.create(), signer, KexTestSupport.pipe());
        assertThat(o.client().sharedSecret()).isEqualTo(o.server().sharedSecret());
        assertThat(o.client().exchangeHash()).isEqualTo(o.server().exchangeHash());
    }

    @Test
    void eachPrecomputedPairIsUsedOnce() throws Exception {
        KexPrecompute pre = KexPrecompute.start(List.of("sntrup761x25519-sha512", "curve25519-sha256"));
        KexAlgorithm a = KexAlgorithm.SNTRUP761_X25519_SHA512;
        Ed25519Signer signer = new Ed25519Signer();
        Pipe first = KexTestSupport.pipe();
        KexTestSupport.run(pre.create(a), a.create(), signer, first);
        Pipe second = KexTestSupport.pipe();
        Outcome o = KexTestSupport.run(pre.create(a), a.create(), signer, second);
        assertThat(o.client().sharedSecret()).isEqualTo(o.server().sharedSecret());
        // The second exchange generated its own keys: its C_INIT differs from the first one's.
        assertThat(second.client().sent.getFirst()).isNotEqualTo(first.client().sent.getFirst());
    }

    @Test
    void serverVersionTellsWhetherMlKemWillWin() {
        assertThat(KexPrecompute.openSshBefore99("SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10")).isTrue();
        assertThat(KexPrecompute.openSshBefore99("SSH-2.0-OpenSSH_8.9")).isTrue();
        assertThat(KexPrecompute.openSshBefore99("SSH-2.0-OpenSSH_9.9p1")).isFalse();
        assertThat(KexPrecompute.openSshBefore99("SSH-2.0-OpenSSH_10.0")).isFalse();
        assertThat(KexPrecompute.openSshBefore99("SSH-2.0-Seashell_0.1")).isFalse();
        assertThat(KexPrecompute.openSshBefore99("SSH-2.0-OpenSSH_x")).isFalse();
    }

    @Test
    void nothingIsStartedForClassicalOnlyOffers() {
        assertThat(KexPrecompute.start(List.of("ecdh-sha2-nistp256", "diffie-hellman-group14-sha256"))).isSameAs(KexPrecompute.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10", "SSH-2.0-OpenSSH_10.0"})
    void earlyKeysAreTakenOnceByTheNextHandshakeWithTheSameOffer(String server) throws Exception {
        KexPrecompute.startEarly(Algorithms.DEFAULT_KEX);
        assertThat(KexPrecompute.earlyPending()).isTrue();
        KexPrecompute pre = KexPrecompute.start(Algorithms.DEFAULT_KEX, server);
        assertThat(KexPrecompute.earlyPending()).isFalse();
        KexAlgorithm a = server.contains("_9.2") ? KexAlgorithm.SNTRUP761_X25519_SHA512 : KexAlgorithm.MLKEM768_X25519_SHA256;
        Outcome o = KexTestSupport.run(pre.create(a), a.create(), new Ed25519Signer(), KexTestSupport.pipe());
        assertThat(o.client().sharedSecret()).isEqualTo(o.server().sharedSecret());
    }

    @Test
    void earlyKeysForAnotherOfferAreDropped() throws Exception {
        KexPrecompute.startEarly(List.of("sntrup761x25519-sha512", "curve25519-sha256"));
        KexPrecompute pre = KexPrecompute.start(List.of("curve25519-sha256"), "SSH-2.0-OpenSSH_9.2p1");
        assertThat(KexPrecompute.earlyPending()).isFalse();
        KexAlgorithm a = KexAlgorithm.CURVE25519_SHA256;
        Outcome o = KexTestSupport.run(pre.create(a), a.create(), new Ed25519Signer(), KexTestSupport.pipe());
        assertThat(o.client().sharedSecret()).isEqualTo(o.server().sharedSecret());
    }

    @Test
    void nothingIsStartedEarlyForClassicalOnlyOffers() {
        KexPrecompute.startEarly(List.of("ecdh-sha2-nistp256"));
        assertThat(KexPrecompute.earlyPending()).isFalse();
    }
}
