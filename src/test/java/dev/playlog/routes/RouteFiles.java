package dev.playlog.routes;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/** Loads the repository's real route files into a Camel context for route tests (AdviceWith before start). */
public final class RouteFiles {

    private RouteFiles() {
    }

    /**
     * A context, not started, with {@code properties} for the routes' placeholders and the named files of
     * {@code routes/} loaded (give the route configuration a route opts into, too).
     */
    public static DefaultCamelContext load(Map<String, String> properties, String... files) throws Exception {
        DefaultCamelContext camel = new DefaultCamelContext();
        Properties initial = new Properties();
        initial.putAll(properties);
        camel.getPropertiesComponent().setInitialProperties(initial);
        // the app sets camel.component.kafka.brokers; here nothing listens there: tests replace or intercept kafka
        camel.getComponent("kafka", org.apache.camel.component.kafka.KafkaComponent.class).getConfiguration()
                .setBrokers("127.0.0.1:9");
        for (String file : files) {
            PluginHelper.getRoutesLoader(camel).loadRoutes(ResourceHelper.resolveMandatoryResource(camel,
                    "file:" + Path.of("routes", file).toAbsolutePath()));
        }
        return camel;
    }
}
