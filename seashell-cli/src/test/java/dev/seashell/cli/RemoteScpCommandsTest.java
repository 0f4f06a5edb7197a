package dev.seashell.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The remote command lines of OpenSSH 9.2's scp for copies between two remote hosts (scp -v shows them). */
class RemoteScpCommandsTest {
    @Test
    void flagsComeInOpenSshsOrder() {
        assertThat(RemoteScpCommands.base(false, false, false, false)).isEqualTo("scp");
        assertThat(RemoteScpCommands.base(true, true, true, true)).isEqualTo("scp -v -r -p -d");
    }

    @Test
    void originGetsTheTargetAsUserHostPath() {
        RemoteSpec to = RemoteSpec.parseScp("bob@dest:dir/x");
        assertThat(RemoteScpCommands.onOrigin("scp -r", "/src/a", to)).isEqualTo("scp -r /src/a bob@dest:dir/x");
        assertThat(RemoteScpCommands.onOrigin("scp", "a", RemoteSpec.parseScp("dest:"))).isEqualTo("scp a dest:.");
        assertThat(RemoteScpCommands.onOrigin("scp", "a", RemoteSpec.parseScp("scp://dest:22/x"))).isEqualTo("scp a dest:/x");
    }

    @Test
    void targetPortOtherThan22IsRefused() {
        assertThatThrownBy(() -> RemoteScpCommands.onOrigin("scp", "a", RemoteSpec.parseScp("scp://dest:2222/x")))
                .hasMessage("target port not supported with two remote hosts and the -R option");
    }

    @Test
    void legacyEndsGuardADashPath() {
        assertThat(RemoteScpCommands.source("scp -p", "-odd")).isEqualTo("scp -p -f -- -odd");
        assertThat(RemoteScpCommands.sink("scp -d", "dir")).isEqualTo("scp -d -t dir");
    }
}
