package dev.playlog;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Starts Playlog: the embedded stack (unless pointed elsewhere), the Camel routes in {@code routes/}, Hawtio. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PlaylogApplication {

    public static void main(String[] args) {
        SpringApplication.run(PlaylogApplication.class, args);
    }
}
