package dev.playlog.serving;

import java.time.Instant;
import java.util.List;

/**
 * Rows of one gold model as one build has them.
 *
 * @param columns column names in the model's order
 * @param rows    values as JSON renders them: numbers, booleans, strings (dates and times in ISO form) or null
 */
public record GoldPage(String buildId, Instant asOf, String model, List<String> columns, List<List<Object>> rows) {
}
