package dev.seashell.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AlgorithmListTest {
    private static final List<String> SUPPORTED = List.of("aes128-ctr", "aes256-ctr", "aes128-cbc", "chacha20", "3des-cbc");
    private static final List<String> DEFAULTS = List.of("chacha20", "aes128-ctr", "aes256-ctr");

    @Test
    void explicitListReplacesDefaults() {
        assertThat(AlgorithmList.resolve("aes256-ctr,3des-cbc", SUPPORTED, DEFAULTS)).containsExactly("aes256-ctr", "3des-cbc");
    }

    @Test
    void plusAppendsMinusRemovesCaretPrepends() {
        assertThat(AlgorithmList.resolve("+3des-cbc", SUPPORTED, DEFAULTS))
                .containsExactly("chacha20", "aes128-ctr", "aes256-ctr", "3des-cbc");
        assertThat(AlgorithmList.resolve("-aes*", SUPPORTED, DEFAULTS)).containsExactly("chacha20");
        assertThat(AlgorithmList.resolve("-nonexistent", SUPPORTED, DEFAULTS)).isEqualTo(DEFAULTS);
        assertThat(AlgorithmList.resolve("^aes256-ctr,3des-cbc", SUPPORTED, DEFAULTS))
                .containsExactly("aes256-ctr", "3des-cbc", "chacha20", "aes128-ctr");
    }

    @Test
    void wildcardsExpandInSupportedOrder() {
        assertThat(AlgorithmList.resolve("*-cbc", SUPPORTED, DEFAULTS)).containsExactly("aes128-cbc", "3des-cbc");
        assertThat(AlgorithmList.resolve("", SUPPORTED, DEFAULTS)).isEqualTo(DEFAULTS);
    }

    @Test
    void unknownNamesAreErrorsWithOpenSshWording() {
        assertThatThrownBy(() -> AlgorithmList.resolve(AlgorithmKind.CIPHERS, "foo", SUPPORTED, DEFAULTS))
                .hasMessage("Bad SSH2 cipher spec 'foo'.");
        assertThatThrownBy(() -> AlgorithmList.resolve(AlgorithmKind.CIPHERS, "aes*", SUPPORTED, DEFAULTS))
                .hasMessage("Bad SSH2 cipher spec 'aes*'.");
        assertThatThrownBy(() -> AlgorithmList.resolve(AlgorithmKind.MACS, "+x", SUPPORTED, DEFAULTS))
                .hasMessage("Bad SSH2 MAC spec '+x'.");
        assertThatThrownBy(() -> AlgorithmList.resolve(AlgorithmKind.KEX, "!aes128-ctr", SUPPORTED, DEFAULTS))
                .hasMessage("Bad SSH2 KexAlgorithms '!aes128-ctr'.");
        assertThatThrownBy(() -> AlgorithmList.resolve(AlgorithmKind.HOST_KEY, "zz*", SUPPORTED, DEFAULTS))
                .hasMessage("Bad key types 'zz*'.");
        assertThat(AlgorithmList.resolve(AlgorithmKind.HOST_KEY, "aes1*", SUPPORTED, DEFAULTS))
                .containsExactly("aes128-ctr", "aes128-cbc");
    }

    @Test
    void opensshCatalogDefaultsAreSupported() {
        AlgorithmCatalog c = AlgorithmCatalog.openssh();
        for (AlgorithmKind k : AlgorithmKind.values()) {
            assertThat(c.supported(k)).containsAll(c.defaults(k));
        }
        assertThat(c.resolve(AlgorithmKind.KEX, null).getFirst()).isEqualTo("mlkem768x25519-sha256");
    }
}
