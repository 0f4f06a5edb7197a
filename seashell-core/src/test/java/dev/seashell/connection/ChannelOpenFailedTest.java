package dev.seashell.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** A peer's OPEN_FAILURE reaches the opener as {@link ChannelOpenFailedException} with the peer's reason code. */
class ChannelOpenFailedTest {
    @Test
    void peerRefusalCarriesReasonCodeNameAndText() throws Exception {
        try (LayerPair pair = new LayerPair()) {
            pair.server.registerChannelType("busy", in -> in.reject(ChannelOpenException.RESOURCE_SHORTAGE, "try later"));
            assertThatThrownBy(() -> pair.client.openChannel("busy", new byte[0], null))
                    .isInstanceOfSatisfying(ChannelOpenFailedException.class, e -> {
                        assertThat(e.reasonCode()).isEqualTo(ChannelOpenException.RESOURCE_SHORTAGE);
                        assertThat(e.reasonName()).isEqualTo("resource shortage");
                        assertThat(e.description()).isEqualTo("try later");
                    });
        }
    }

    @Test
    void unknownChannelTypeIsReportedWithItsRfcCode() throws Exception {
        try (LayerPair pair = new LayerPair()) {
            assertThatThrownBy(() -> pair.client.openChannel("no-such-type@example.com", new byte[0], null))
                    .isInstanceOfSatisfying(ChannelOpenFailedException.class,
                            e -> assertThat(e.reasonCode()).isEqualTo(ChannelOpenException.UNKNOWN_CHANNEL_TYPE));
        }
    }

    @Test
    void reasonCodesOutsideTheRfcAreNamedByNumber() {
        assertThat(new ChannelOpenFailedException(ChannelOpenException.ADMINISTRATIVELY_PROHIBITED, "x").reasonName())
                .isEqualTo("administratively prohibited");
        assertThat(new ChannelOpenFailedException(99, "x").reasonName()).isEqualTo("unknown (99)");
    }

    @Test
    void localFailuresStayPlainChannelOpenExceptions() throws Exception {
        LayerPair pair = new LayerPair();
        pair.close();
        assertThatThrownBy(() -> pair.client.openChannel("session", new byte[0], null))
                .isInstanceOf(ChannelOpenException.class)
                .isNotInstanceOf(ChannelOpenFailedException.class);
    }
}
