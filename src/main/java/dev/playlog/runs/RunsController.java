package dev.playlog.runs;

import dev.playlog.serving.InvalidParameterException;
import dev.playlog.serving.NotFoundException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/runs} (newest first, without dbt's nodes) and {@code GET /api/v1/runs/{id}} (with them). */
@RestController
@RequestMapping(value = "/api/v1/runs", produces = MediaType.APPLICATION_JSON_VALUE)
class RunsController {

    static final String KIND = "kind";
    static final int MAX_LIMIT = 1000;
    private static final Set<String> KINDS = Set.of(Run.REFRESH, Run.DBT_BUILD);

    private final RunHistory history;

    RunsController(RunHistory history) {
        this.history = history;
    }

    @GetMapping
    Map<String, Object> list(@RequestParam MultiValueMap<String, String> params) {
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            if (!Set.of(KIND, "limit", "offset").contains(e.getKey())) {
                throw new InvalidParameterException(e.getKey(), "unknown parameter; runs take kind, limit, offset");
            }
            if (e.getValue().size() != 1) {
                throw new InvalidParameterException(e.getKey(), "must be given once");
            }
        }
        String kind = params.getFirst(KIND);
        if (kind != null && !KINDS.contains(kind)) {
            throw new InvalidParameterException(KIND, "must be " + Run.REFRESH + " or " + Run.DBT_BUILD);
        }
        int limit = (int) number(params.getFirst("limit"), "limit", 50, 1, MAX_LIMIT);
        long offset = number(params.getFirst("offset"), "offset", 0, 0, 1_000_000_000L);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("runs", history.list(kind, limit, offset));
        return body;
    }

    @GetMapping("/{id}")
    Run one(@PathVariable String id) {
        long runId = number(id, "id", 0, 1, Long.MAX_VALUE);
        return history.find(runId).orElseThrow(() -> new NotFoundException("unknown-run", "Unknown run", "no run " + runId + " in the history"));
    }

    private static long number(String value, String name, long dflt, long min, long max) {
        if (value == null) {
            return dflt;
        }
        try {
            long n = Long.parseLong(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new InvalidParameterException(name, "must be an integer from " + min + " to " + max);
    }
}
