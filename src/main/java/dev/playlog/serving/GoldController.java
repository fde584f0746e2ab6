package dev.playlog.serving;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The read API over gold ({@code GET /api/v1/gold/{model}}): JSON, or CSV with {@code Accept: text/csv}; the build id
 * and {@code as_of} in every response (body and {@code Playlog-Build-Id}/{@code Playlog-As-Of} headers) and an
 * {@code ETag} on the build id, so a client revalidates for free until the next build.
 */
@RestController
@RequestMapping(GoldController.BASE)
class GoldController {

    static final String BASE = "/api/v1";
    static final String BUILD_HEADER = "Playlog-Build-Id";
    static final String AS_OF_HEADER = "Playlog-As-Of";
    static final MediaType CSV = MediaType.parseMediaType("text/csv;charset=UTF-8");

    private final GoldReader reader;
    private final OpenApiDocument openApi;

    GoldController(GoldReader reader, OpenApiDocument openApi) {
        this.reader = reader;
        this.openApi = openApi;
    }

    @GetMapping(value = "/gold", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> models() {
        GoldReader.Build build = reader.current();
        List<Map<String, Object>> models = GoldModels.all().keySet().stream().filter(build.rows()::containsKey)
                .map(name -> Map.<String, Object>of("name", name, "rows", build.rows().get(name), "path", BASE + "/gold/" + name))
                .toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("build_id", build.buildId());
        body.put("as_of", build.asOf().toString());
        body.put("models", models);
        return ResponseEntity.ok().headers(headers(build.buildId(), build.asOf().toString())).body(body);
    }

    @GetMapping("/gold/{model}")
    ResponseEntity<?> read(@PathVariable String model, @RequestParam MultiValueMap<String, String> params,
            @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
            @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        GoldPage page = reader.read(model, params);
        HttpHeaders headers = headers(page.buildId(), page.asOf().toString());
        if (ifNoneMatch != null && (ifNoneMatch.equals(etag(page.buildId())) || ifNoneMatch.equals("W/" + etag(page.buildId())))) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).headers(headers).build();
        }
        if (wantsCsv(accept)) {
            return ResponseEntity.ok().headers(headers).contentType(CSV).body(csv(page));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", page.model());
        body.put("build_id", page.buildId());
        body.put("as_of", page.asOf().toString());
        body.put("count", page.rows().size());
        body.put("columns", page.columns());
        body.put("rows", page.rows().stream().map(row -> {
            Map<String, Object> object = new LinkedHashMap<>();
            for (int i = 0; i < page.columns().size(); i++) {
                object.put(page.columns().get(i), row.get(i));
            }
            return object;
        }).toList());
        return ResponseEntity.ok().headers(headers).contentType(MediaType.APPLICATION_JSON).body(body);
    }

    @GetMapping(value = "/openapi.json", produces = MediaType.APPLICATION_JSON_VALUE)
    Object openApi() {
        return openApi.document();
    }

    private static HttpHeaders headers(String buildId, String asOf) {
        HttpHeaders headers = new HttpHeaders();
        headers.setETag(etag(buildId));
        headers.setCacheControl(CacheControl.noCache());
        headers.set(BUILD_HEADER, buildId);
        headers.set(AS_OF_HEADER, asOf);
        return headers;
    }

    /** CSV only when asked for by name ({@code text/csv}) and JSON is not; {@code *}{@code /*} and no header get JSON. */
    static boolean wantsCsv(String accept) {
        if (accept == null) {
            return false;
        }
        List<MediaType> types = MediaType.parseMediaTypes(accept);
        return types.stream().anyMatch(CSV::equalsTypeAndSubtype)
                && types.stream().noneMatch(MediaType.APPLICATION_JSON::equalsTypeAndSubtype);
    }

    static String etag(String buildId) {
        return "\"" + buildId + "\"";
    }

    static String csv(GoldPage page) {
        StringBuilder out = new StringBuilder(String.join(",", page.columns().stream().map(GoldController::csvField).toList()))
                .append("\r\n");
        for (List<Object> row : page.rows()) {
            out.append(row.stream().map(v -> v == null ? "" : csvField(v.toString())).collect(Collectors.joining(","))).append("\r\n");
        }
        return out.toString();
    }

    private static String csvField(String value) {
        if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
            return "\"" + value.replace("\"", "\"\"") + "\"";
        }
        return value;
    }
}
