package dev.playlog.sources;

import dev.playlog.config.InvalidConfigurationException;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertyResolver;

/**
 * Derives which producing routes start with the app from {@code playlog.source} ({@code simulator}, {@code spotify}
 * or {@code both}): {@code playlog.simulator.enabled} and {@code playlog.spotify.enabled}, which the routes'
 * {@code autoStartup} read. The derived values are the lowest-priority property source, so setting either key
 * explicitly (flag, environment, profile file) still wins. At runtime, /api/sources starts and stops them.
 */
public class SourceSwitch implements EnvironmentPostProcessor {

    public static final String SOURCE_KEY = "playlog.source";
    public static final String SIMULATOR_ENABLED = "playlog.simulator.enabled";
    public static final String SPOTIFY_ENABLED = "playlog.spotify.enabled";
    static final String PROPERTY_SOURCE = "playlogSourceSwitch";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE, derive(environment)));
    }

    /** The enabled flags implied by {@code playlog.source}; fails naming the key for an unknown value. */
    public static Map<String, Object> derive(PropertyResolver properties) {
        String source = properties.getProperty(SOURCE_KEY, "simulator").strip().toLowerCase(Locale.ROOT);
        return switch (source) {
            case "simulator" -> Map.of(SIMULATOR_ENABLED, "true", SPOTIFY_ENABLED, "false");
            case "spotify" -> Map.of(SIMULATOR_ENABLED, "false", SPOTIFY_ENABLED, "true");
            case "both" -> Map.of(SIMULATOR_ENABLED, "true", SPOTIFY_ENABLED, "true");
            default -> throw new InvalidConfigurationException(SOURCE_KEY, properties.getProperty(SOURCE_KEY),
                    "must be one of simulator, spotify, both");
        };
    }
}
