package dev.playlog.spotify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.camel.component.timer.TimerEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.boot.convert.DurationStyle;

class SpotifyPollRouteTest {

    @Test
    void thePollIntervalMeansTheSameToSpringAndToTheCamelTimer() throws Exception {
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            for (String interval : new String[] {"5m", "30s", "1h", "90s"}) {
                TimerEndpoint timer = camel.getEndpoint("timer:spotify-poll?period=" + interval, TimerEndpoint.class);
                Duration spring = DurationStyle.detectAndParse(interval);
                assertThat(timer.getPeriod()).as(interval).isEqualTo(spring.toMillis());
            }
        }
    }
}
