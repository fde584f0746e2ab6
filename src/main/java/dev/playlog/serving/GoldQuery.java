package dev.playlog.serving;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One validated read of a gold model: filters, date range, order and page. Built only by {@link #parse}, which
 * refuses every parameter it does not understand, so values reach SQL as bind parameters and column names only
 * from the model's own columns.
 */
public record GoldQuery(GoldModels.Model model, LocalDate from, LocalDate to, Map<String, String> filters,
        List<Order> order, int limit, long offset) {

    static final int MAX_FILTER_LENGTH = 200;
    static final long MAX_OFFSET = 1_000_000_000L;
    static final int MAX_ORDER_TERMS = 8;

    /** A sort term: a column of the model, descending when written {@code -column}. */
    public record Order(String column, boolean descending) {
    }

    /**
     * Validates the request's parameters against the model.
     *
     * @param params  parameter name to its values, as the request carried them
     * @param columns the model's columns in the current snapshot (what {@code order} may name)
     */
    public static GoldQuery parse(GoldModels.Model model, Map<String, List<String>> params, Set<String> columns,
            int defaultLimit, int maxLimit) {
        Set<String> known = new TreeSet<>(List.of(GoldModels.LIMIT, GoldModels.OFFSET, GoldModels.ORDER));
        if (model.dateColumn() != null) {
            known.add(GoldModels.FROM);
            known.add(GoldModels.TO);
        }
        known.addAll(model.filters().keySet());
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            if (!known.contains(e.getKey())) {
                boolean dateless = (e.getKey().equals(GoldModels.FROM) || e.getKey().equals(GoldModels.TO));
                throw new InvalidParameterException(e.getKey(), dateless
                        ? model.name() + " has no date to filter on"
                        : "unknown parameter; " + model.name() + " takes " + String.join(", ", known));
            }
            if (e.getValue().size() != 1) {
                throw new InvalidParameterException(e.getKey(), "must be given once");
            }
        }
        LocalDate from = date(params, GoldModels.FROM);
        LocalDate to = date(params, GoldModels.TO);
        if (from != null && to != null && from.isAfter(to)) {
            throw new InvalidParameterException(GoldModels.FROM, "must not be after to (" + to + ")");
        }
        Map<String, String> filters = new LinkedHashMap<>();
        model.filters().forEach((param, column) -> {
            String value = single(params, param);
            if (value != null) {
                if (value.isEmpty() || value.length() > MAX_FILTER_LENGTH) {
                    throw new InvalidParameterException(param, "must be 1 to " + MAX_FILTER_LENGTH + " characters");
                }
                filters.put(column, value);
            }
        });
        int limit = (int) number(params, GoldModels.LIMIT, defaultLimit, 1, maxLimit);
        long offset = number(params, GoldModels.OFFSET, 0, 0, MAX_OFFSET);
        List<Order> order = order(model, single(params, GoldModels.ORDER), columns);
        return new GoldQuery(model, from, to, Map.copyOf(filters), order, limit, offset);
    }

    private static String single(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null ? null : values.get(0);
    }

    private static LocalDate date(Map<String, List<String>> params, String name) {
        String value = single(params, name);
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidParameterException(name, "must be a date such as 2026-01-31");
        }
    }

    private static long number(Map<String, List<String>> params, String name, long dflt, long min, long max) {
        String value = single(params, name);
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

    private static List<Order> order(GoldModels.Model model, String value, Set<String> columns) {
        if (value == null) {
            return model.defaultOrder().stream().map(c -> new Order(c, false)).toList();
        }
        String[] terms = value.split(",", -1);
        if (terms.length > MAX_ORDER_TERMS) {
            throw new InvalidParameterException(GoldModels.ORDER, "takes at most " + MAX_ORDER_TERMS + " columns");
        }
        List<Order> order = new ArrayList<>();
        Set<String> seen = new TreeSet<>();
        for (String term : terms) {
            boolean descending = term.startsWith("-");
            String column = descending ? term.substring(1) : term;
            if (!columns.contains(column)) {
                throw new InvalidParameterException(GoldModels.ORDER, "'" + term + "' is not a column of " + model.name()
                        + "; use column or -column, comma-separated, from " + String.join(", ", new TreeSet<>(columns)));
            }
            if (!seen.add(column)) {
                throw new InvalidParameterException(GoldModels.ORDER, "names " + column + " twice");
            }
            order.add(new Order(column, descending));
        }
        return List.copyOf(order);
    }

    /** A canonical form of the query: equal queries read the same rows of a build, so it keys the cache. */
    String cacheKey() {
        return model.name() + "|" + from + "|" + to + "|" + new java.util.TreeMap<>(filters) + "|" + order + "|" + limit + "|" + offset;
    }
}
