package dev.playlog.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The lake writer's fast path: decides whether a record value keeps the contract while reading it, on the parser's
 * own character buffer, without building a {@link ListenEvent} or a String per field (the lake stores the record's
 * bytes, so it only needs the verdict and {@code played_at}). Only a valid record gets an answer here; anything else
 * is handed to {@link ListenEventCodec#decode(byte[])}, which names the reasons, so the two can never disagree about
 * what is refused. {@code ListenEventContractTest} runs both over every variant it has.
 */
final class ListenEventCheck {

    private static final long ALL_REQUIRED = ListenEventCodec.requiredBits();
    private static final String[] EVENT_TYPES = ListenEventContract.EVENT_TYPES.toArray(String[]::new);
    private static final String[] DEVICE_TYPES = ListenEventContract.DEVICE_TYPES.toArray(String[]::new);
    private static final String[] SUBSCRIPTIONS = ListenEventContract.SUBSCRIPTIONS.toArray(String[]::new);
    private static final String[] CONTEXT_TYPES = ListenEventContract.CONTEXT_TYPES.toArray(String[]::new);
    private static final String[] SOURCES = ListenEventContract.SOURCES.toArray(String[]::new);

    private final JsonFactory json;

    ListenEventCheck(JsonFactory json) {
        this.json = json;
    }

    /**
     * {@code played_at} of a valid record; {@code null} when the record is not valid (or not surely so: a value with a
     * backslash is left to the codec, which sees the decoded strings an escape may hide a lone surrogate in).
     */
    String playedAtIfValid(byte[] value, String latestPlayedAt) {
        if (Utf8.scan(value) != Utf8.PLAIN) {
            return null;
        }
        try (JsonParser p = json.createParser(value)) {
            return read(p, latestPlayedAt);
        } catch (IOException | RuntimeException notValid) {
            return null;
        }
    }

    private static String read(JsonParser p, String latestPlayedAt) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        long seen = 0;
        String playedAt = null;
        String name;
        while ((name = p.nextFieldName()) != null) {
            JsonToken t = p.nextToken();
            int index = ListenEventCodec.index(name);
            if (index < 0 || (seen & (1L << index)) != 0) {
                return null;
            }
            seen |= 1L << index;
            boolean ok = switch (index) {
                case 0 -> t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == JsonParser.NumberType.INT
                        && p.getIntValue() == ListenEvent.SCHEMA_VERSION;
                case 1 -> t == JsonToken.VALUE_STRING && isLowerHex32(p);
                case 2 -> t == JsonToken.VALUE_STRING && isOneOf(p, EVENT_TYPES);
                case 3, 5 -> t == JsonToken.VALUE_STRING && p.getTextLength() > 0 && fits(p, 200);
                case 4, 7, 9 -> t == JsonToken.VALUE_NULL || t == JsonToken.VALUE_STRING && fits(p, 200);
                case 6, 8 -> t == JsonToken.VALUE_STRING && fits(p, 1000);
                case 10 -> t == JsonToken.VALUE_NULL || t == JsonToken.VALUE_STRING && fits(p, 1000);
                case 11 -> t == JsonToken.VALUE_NULL || isNonNegativeLong(p, t);
                case 12 -> isNonNegativeLong(p, t);
                case 13 -> t == JsonToken.VALUE_STRING && isOneOf(p, DEVICE_TYPES);
                case 14 -> t == JsonToken.VALUE_NULL || t == JsonToken.VALUE_STRING && isCountryCode(p);
                case 15 -> t == JsonToken.VALUE_STRING && isOneOf(p, SUBSCRIPTIONS);
                case 16 -> t == JsonToken.VALUE_NULL || t == JsonToken.VALUE_STRING && isOneOf(p, CONTEXT_TYPES);
                case 17, 23 -> t == JsonToken.VALUE_NULL || t == JsonToken.VALUE_STRING && fits(p, 500);
                case 18 -> {
                    playedAt = t == JsonToken.VALUE_STRING ? p.getText() : null;
                    yield playedAt != null && ListenEventContract.isUtcMillis(playedAt)
                            && ListenEventContract.isInRange(playedAt, latestPlayedAt);
                }
                case 19 -> t == JsonToken.VALUE_STRING && isOneOf(p, SOURCES);
                case 20, 25 -> t == JsonToken.VALUE_NULL || t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE;
                case 21, 22 -> t == JsonToken.VALUE_NULL || t == JsonToken.VALUE_STRING && fits(p, 100);
                case 24 -> t == JsonToken.VALUE_NULL || t == JsonToken.VALUE_STRING && fits(p, 20);
                default -> false;
            };
            if (!ok) {
                return null;
            }
        }
        if ((seen & ALL_REQUIRED) != ALL_REQUIRED || p.nextToken() != null) {
            return null;
        }
        return playedAt;
    }

    private static boolean isNonNegativeLong(JsonParser p, JsonToken t) throws IOException {
        return t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != JsonParser.NumberType.BIG_INTEGER
                && p.getLongValue() >= 0;
    }

    /** At most {@code max} code points (JSON schema's length); UTF-16 units are an upper bound, so count only if needed. */
    private static boolean fits(JsonParser p, int max) throws IOException {
        int length = p.getTextLength();
        if (length <= max) {
            return true;
        }
        return Character.codePointCount(p.getTextCharacters(), p.getTextOffset(), length) <= max;
    }

    private static boolean isOneOf(JsonParser p, String[] allowed) throws IOException {
        char[] text = p.getTextCharacters();
        int offset = p.getTextOffset();
        int length = p.getTextLength();
        for (String candidate : allowed) {
            if (candidate.length() == length) {
                int i = 0;
                while (i < length && text[offset + i] == candidate.charAt(i)) {
                    i++;
                }
                if (i == length) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isLowerHex32(JsonParser p) throws IOException {
        if (p.getTextLength() != 32) {
            return false;
        }
        char[] text = p.getTextCharacters();
        int offset = p.getTextOffset();
        for (int i = offset; i < offset + 32; i++) {
            char c = text[i];
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isCountryCode(JsonParser p) throws IOException {
        if (p.getTextLength() != 2) {
            return false;
        }
        char[] text = p.getTextCharacters();
        int offset = p.getTextOffset();
        return text[offset] >= 'A' && text[offset] <= 'Z' && text[offset + 1] >= 'A' && text[offset + 1] <= 'Z';
    }
}
