package dev.playlog.live;

import dev.playlog.kafka.KafkaProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The live leaderboard's topology bean; its lifecycle follows the app unless {@code playlog.live.enabled=false}. */
@Configuration(proxyBeanMethods = false)
class LiveConfiguration {

    @Bean
    LiveLeaderboard liveLeaderboard(LiveProperties properties, KafkaProperties kafka, MeterRegistry registry) {
        return new LiveLeaderboard(properties, kafka, registry);
    }
}
