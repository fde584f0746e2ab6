package dev.playlog.sources;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Switches event sources at runtime: {@code GET /api/sources} shows each source's routes and status,
 * {@code POST /api/sources/{simulator|spotify}/{start|stop}} starts or stops them through Camel's route controller
 * (the same as Hawtio's route start/stop). Served on the app's loopback address like Hawtio.
 */
@RestController
@RequestMapping("/api/sources")
public class SourcesController {

    /** Producing routes of each source; ids equal the route file names. */
    public static final Map<String, List<String>> ROUTES = Map.of(
            "simulator", List.of("simulator-produce"),
            "spotify", List.of("spotify-poll", "spotify-import"));

    private final CamelContext camel;

    public SourcesController(CamelContext camel) {
        this.camel = camel;
    }

    @GetMapping
    public Map<String, Map<String, String>> status() {
        Map<String, Map<String, String>> result = new LinkedHashMap<>();
        for (String source : List.of("simulator", "spotify")) {
            Map<String, String> routes = new LinkedHashMap<>();
            for (String route : ROUTES.get(source)) {
                ServiceStatus status = camel.getRouteController().getRouteStatus(route);
                routes.put(route, status == null ? "Missing" : status.name());
            }
            result.put(source, routes);
        }
        return result;
    }

    @PostMapping("/{source}/{action}")
    public ResponseEntity<Map<String, Map<String, String>>> change(@PathVariable String source, @PathVariable String action)
            throws Exception {
        List<String> routes = ROUTES.get(source);
        if (routes == null || !(action.equals("start") || action.equals("stop"))) {
            return ResponseEntity.notFound().build();
        }
        for (String route : routes) {
            if (camel.getRoute(route) == null) {
                continue;
            }
            if (action.equals("start")) {
                camel.getRouteController().startRoute(route);
            } else {
                camel.getRouteController().stopRoute(route);
            }
        }
        return ResponseEntity.ok(status());
    }
}
