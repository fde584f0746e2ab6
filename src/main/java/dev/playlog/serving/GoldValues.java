package dev.playlog.serving;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;

/** Turns a JDBC value of gold into what the API returns: the same rule for every reader, so they agree. */
public final class GoldValues {

    private GoldValues() {
    }

    public static Object of(Object value) throws SQLException {
        if (value == null || value instanceof Boolean || value instanceof Long || value instanceof Integer
                || value instanceof Short || value instanceof Byte || value instanceof BigInteger || value instanceof String) {
            return value;
        }
        if (value instanceof BigDecimal d) {
            return d.stripTrailingZeros().scale() <= 0 ? d.toBigIntegerExact() : d.stripTrailingZeros();
        }
        if (value instanceof Double || value instanceof Float) {
            return ((Number) value).doubleValue();
        }
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (value instanceof LocalDate d) {
            return d.toString();
        }
        if (value instanceof Timestamp t) {
            return t.toLocalDateTime().toString();
        }
        if (value instanceof LocalDateTime t) {
            return t.toString();
        }
        if (value instanceof OffsetDateTime t) {
            return t.toInstant().toString();
        }
        if (value instanceof ZonedDateTime t) {
            return t.toInstant().toString();
        }
        if (value instanceof java.sql.Array a) {
            return a.toString();
        }
        return value.toString();
    }
}
