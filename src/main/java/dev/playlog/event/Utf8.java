package dev.playlog.event;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Strict UTF-8 well-formedness (Unicode 15, table 3-7) of a record value, for {@link ListenEventCodec} and
 * {@link ListenEventCheck}. Jackson decodes overlong sequences (C0 AF as '/') and encoded surrogates (CESU-8) without
 * complaint, which the lake then stored changed; a record must be refused instead. Why by hand: the JDK's decoders
 * allocate per call, and this runs on every record of the lake path (eight ASCII bytes per step).
 */
final class Utf8 {

    /** The value is well-formed and has no backslash (so no JSON escape that could hide a lone surrogate). */
    static final int PLAIN = -1;
    /** The value is well-formed and has a backslash somewhere. */
    static final int ESCAPED = -2;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;
    private static final long ONES = 0x0101010101010101L;
    private static final long BACKSLASHES = 0x5c5c5c5c5c5c5c5cL;

    private Utf8() {
    }

    /** {@link #PLAIN}, {@link #ESCAPED}, or the index of the first byte of the first ill-formed sequence. */
    static int scan(byte[] b) {
        int n = b.length;
        int i = 0;
        boolean backslash = false;
        while (i < n) {
            if (i + 8 <= n) {
                long word = (long) LONGS.get(b, i);
                if ((word & HIGH_BITS) == 0) {
                    long x = word ^ BACKSLASHES;
                    backslash |= ((x - ONES) & ~x & HIGH_BITS) != 0;
                    i += 8;
                    continue;
                }
            }
            int c = b[i] & 0xff;
            if (c < 0x80) {
                backslash |= c == '\\';
                i++;
                continue;
            }
            int length;
            int low = 0x80;
            int high = 0xbf;
            if (c >= 0xc2 && c <= 0xdf) {
                length = 2;
            } else if (c >= 0xe0 && c <= 0xef) {
                length = 3;
                if (c == 0xe0) {
                    low = 0xa0; // shorter forms are overlong
                } else if (c == 0xed) {
                    high = 0x9f; // D800-DFFF: surrogates are not characters
                }
            } else if (c >= 0xf0 && c <= 0xf4) {
                length = 4;
                if (c == 0xf0) {
                    low = 0x90;
                } else if (c == 0xf4) {
                    high = 0x8f; // above U+10FFFF
                }
            } else {
                return i; // a continuation byte without a lead, C0/C1 (overlong) or F5-FF
            }
            if (i + length > n) {
                return i;
            }
            int second = b[i + 1] & 0xff;
            if (second < low || second > high) {
                return i;
            }
            for (int k = 2; k < length; k++) {
                int next = b[i + k] & 0xff;
                if (next < 0x80 || next > 0xbf) {
                    return i;
                }
            }
            i += length;
        }
        return backslash ? ESCAPED : PLAIN;
    }

    /** The bytes of the sequence that starts at {@code at} (as many as its lead byte announces), in hex, for a reason. */
    static String show(byte[] b, int at) {
        int lead = b[at] & 0xff;
        int length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 1;
        StringBuilder out = new StringBuilder();
        for (int i = at; i < Math.min(b.length, at + length); i++) {
            out.append(i == at ? "" : " ").append(String.format("0x%02X", b[i] & 0xff));
        }
        return out.toString();
    }
}
