package dev.playlog.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

class SourceSwitchTest {

    private static MockEnvironment switched(MockEnvironment env) {
        new SourceSwitch().postProcessEnvironment(env, null);
        return env;
    }

    @Test
    void simulatorIsTheDefault() {
        MockEnvironment env = switched(new MockEnvironment());
        assertThat(env.getProperty(SourceSwitch.SIMULATOR_ENABLED)).isEqualTo("true");
        assertThat(env.getProperty(SourceSwitch.SPOTIFY_ENABLED)).isEqualTo("false");
    }

    @Test
    void spotifyAndBothEnableTheirRoutes() {
        MockEnvironment spotify = switched(new MockEnvironment().withProperty(SourceSwitch.SOURCE_KEY, "spotify"));
        assertThat(spotify.getProperty(SourceSwitch.SIMULATOR_ENABLED)).isEqualTo("false");
        assertThat(spotify.getProperty(SourceSwitch.SPOTIFY_ENABLED)).isEqualTo("true");
        MockEnvironment both = switched(new MockEnvironment().withProperty(SourceSwitch.SOURCE_KEY, " Both "));
        assertThat(both.getProperty(SourceSwitch.SIMULATOR_ENABLED)).isEqualTo("true");
        assertThat(both.getProperty(SourceSwitch.SPOTIFY_ENABLED)).isEqualTo("true");
    }

    @Test
    void anExplicitFlagWinsOverTheDerivedOne() {
        MockEnvironment env = switched(new MockEnvironment().withProperty(SourceSwitch.SOURCE_KEY, "both")
                .withProperty(SourceSwitch.SIMULATOR_ENABLED, "false"));
        assertThat(env.getProperty(SourceSwitch.SIMULATOR_ENABLED)).isEqualTo("false");
        assertThat(env.getProperty(SourceSwitch.SPOTIFY_ENABLED)).isEqualTo("true");
    }

    @Test
    void rejectsAnUnknownSourceNamingTheKey() {
        assertThatThrownBy(() -> switched(new MockEnvironment().withProperty(SourceSwitch.SOURCE_KEY, "lastfm")))
                .hasMessage("playlog.source=lastfm: must be one of simulator, spotify, both");
    }
}
