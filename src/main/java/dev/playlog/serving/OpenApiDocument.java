package dev.playlog.serving;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI 3.1 description of the read API, served at {@code /api/v1/openapi.json}. Built from {@link GoldModels},
 * the list the endpoints validate against, so it cannot drift from them (springdoc is not on this Maven mirror);
 * {@code ReadApiIT} checks every documented path and parameter against the running app.
 */
public class OpenApiDocument {

    private final ObjectNode document;

    public OpenApiDocument(ObjectMapper mapper, ServingProperties properties) {
        this.document = build(mapper, properties);
    }

    public ObjectNode document() {
        return document.deepCopy();
    }

    private static ObjectNode build(ObjectMapper mapper, ServingProperties properties) {
        ObjectNode doc = mapper.createObjectNode();
        doc.put("openapi", "3.1.0");
        doc.putObject("info").put("title", "Playlog read API").put("version", "1")
                .put("description", "Gold models of the latest successful dbt build, read from an immutable snapshot. "
                        + "Every response names the build (build_id, as_of, ETag).");
        ObjectNode paths = doc.putObject("paths");
        ObjectNode list = paths.putObject(GoldController.BASE + "/gold").putObject("get");
        list.put("operationId", "listGoldModels").put("summary", "The current build and its models");
        responses(list, false);
        for (GoldModels.Model model : GoldModels.all().values()) {
            ObjectNode get = paths.putObject(GoldController.BASE + "/gold/" + model.name()).putObject("get");
            get.put("operationId", "read_" + model.name()).put("summary", "Rows of gold." + model.name());
            ArrayNode params = get.putArray("parameters");
            if (model.dateColumn() != null) {
                param(params, GoldModels.FROM, "Earliest " + model.dateColumn() + " (inclusive, UTC date)")
                        .putObject("schema").put("type", "string").put("format", "date");
                param(params, GoldModels.TO, "Latest " + model.dateColumn() + " (inclusive, UTC date)")
                        .putObject("schema").put("type", "string").put("format", "date");
            }
            model.filters().forEach((name, column) -> param(params, name, "Only rows whose " + column + " equals this")
                    .putObject("schema").put("type", "string").put("minLength", 1).put("maxLength", GoldQuery.MAX_FILTER_LENGTH));
            param(params, GoldModels.LIMIT, "Rows to return").putObject("schema").put("type", "integer").put("minimum", 1)
                    .put("maximum", properties.maxLimit()).put("default", properties.defaultLimit());
            param(params, GoldModels.OFFSET, "Rows to skip").putObject("schema").put("type", "integer").put("minimum", 0)
                    .put("maximum", GoldQuery.MAX_OFFSET).put("default", 0);
            param(params, GoldModels.ORDER, "Comma-separated columns of the model, '-' before a column for descending; default "
                    + String.join(",", model.defaultOrder())).putObject("schema").put("type", "string");
            responses(get, true);
        }
        ObjectNode runs = paths.putObject(GoldController.BASE + "/runs").putObject("get");
        runs.put("operationId", "listRuns").put("summary", "Warehouse refreshes and dbt builds, newest first");
        ArrayNode runParams = runs.putArray("parameters");
        param(runParams, "kind", "warehouse_refresh or dbt_build").putObject("schema").put("type", "string")
                .putArray("enum").add("warehouse_refresh").add("dbt_build");
        param(runParams, GoldModels.LIMIT, "Runs to return").putObject("schema").put("type", "integer").put("minimum", 1)
                .put("maximum", 1000).put("default", 50);
        param(runParams, GoldModels.OFFSET, "Runs to skip").putObject("schema").put("type", "integer").put("minimum", 0)
                .put("default", 0);
        runs.putObject("responses").putObject("200").put("description", "Runs without dbt's nodes");
        ObjectNode run = paths.putObject(GoldController.BASE + "/runs/{id}").putObject("get");
        run.put("operationId", "getRun").put("summary", "One run, with every dbt node's status, time, failures and message");
        run.putArray("parameters").addObject().put("name", "id").put("in", "path").put("required", true)
                .putObject("schema").put("type", "integer").put("minimum", 1);
        run.putObject("responses").putObject("200").put("description", "The run");
        paths.putObject(GoldController.BASE + "/openapi.json").putObject("get").put("operationId", "openApi")
                .put("summary", "This document").putObject("responses").putObject("200").put("description", "OpenAPI 3.1");
        return doc;
    }

    private static ObjectNode param(ArrayNode params, String name, String description) {
        return params.addObject().put("name", name).put("in", "query").put("required", false).put("description", description);
    }

    private static void responses(ObjectNode operation, boolean csv) {
        ObjectNode responses = operation.putObject("responses");
        ObjectNode ok = responses.putObject("200").put("description", "Rows of the current build");
        ObjectNode headers = ok.putObject("headers");
        headers.putObject("ETag").put("description", "The build id, quoted").putObject("schema").put("type", "string");
        headers.putObject(GoldController.BUILD_HEADER).putObject("schema").put("type", "string");
        headers.putObject(GoldController.AS_OF_HEADER).putObject("schema").put("type", "string").put("format", "date-time");
        ObjectNode content = ok.putObject("content");
        content.putObject("application/json").putObject("schema").put("type", "object");
        if (csv) {
            content.putObject("text/csv").putObject("schema").put("type", "string");
            responses.putObject("304").put("description", "If-None-Match names the current build");
            responses.putObject("400").put("description", "A parameter is invalid; `parameter` names it")
                    .putObject("content").putObject("application/problem+json").putObject("schema").put("type", "object");
            responses.putObject("404").put("description", "Not a gold model")
                    .putObject("content").putObject("application/problem+json").putObject("schema").put("type", "object");
        }
        responses.putObject("503").put("description", "No build has been published yet")
                .putObject("content").putObject("application/problem+json").putObject("schema").put("type", "object");
    }
}
