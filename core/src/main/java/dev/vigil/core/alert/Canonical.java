package dev.vigil.core.alert;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Array;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A canonical byte encoding of event values, for hashing: every value tagged with its kind and every
 * string and container length-prefixed, so no two different values encode alike. What does not depend
 * on the Java objects chosen is left out: object members are ordered by their encoded key (keys of any
 * type, {@code null} included), sets by their encoded elements; arrays are lists; numbers are unscaled
 * value and exponent without trailing zeros, so {@code 1}, {@code 1L}, {@code 1.0} and
 * {@code BigInteger.ONE} encode alike and {@code 1e999999999} costs no more than its text. Values nested
 * deeper than {@link #MAX_DEPTH} are encoded as one marker (the reader never builds such events).
 */
final class Canonical {

    /** The deepest nesting encoded in full. */
    static final int MAX_DEPTH = 2_100;

    private Canonical() {
    }

    static byte[] encode(Object v) {
        Out out = new Out();
        write(v, out, 0);
        return out.toByteArray();
    }

    private static void write(Object v, Out out, int depth) {
        if (depth > MAX_DEPTH) {
            out.write('x');
        } else if (v == null) {
            out.write('z');
        } else if (v instanceof String s) {
            out.text('s', s);
        } else if (v instanceof Boolean b) {
            out.write(b ? 'T' : 'F');
        } else if (v instanceof Number n) {
            out.text('n', plain(n));
        } else if (v instanceof Map<?, ?> m) {
            List<byte[][]> entries = new ArrayList<>(m.size());
            for (Map.Entry<?, ?> e : m.entrySet()) {
                entries.add(new byte[][] {sub(e.getKey(), depth), sub(e.getValue(), depth)});
            }
            entries.sort((a, b) -> Arrays.compareUnsigned(a[0], b[0]));
            out.write('m');
            out.number(entries.size());
            for (byte[][] e : entries) {
                out.write(e[0]);
                out.write(e[1]);
            }
        } else if (v instanceof List<?> l) {
            out.write('l');
            out.number(l.size());
            for (Object x : l) {
                write(x, out, depth + 1);
            }
        } else if (v.getClass().isArray()) {
            int n = Array.getLength(v);
            out.write('l');
            out.number(n);
            for (int i = 0; i < n; i++) {
                write(Array.get(v, i), out, depth + 1);
            }
        } else if (v instanceof Collection<?> c) {
            List<byte[]> items = new ArrayList<>(c.size());
            for (Object x : c) {
                items.add(sub(x, depth));
            }
            items.sort(Arrays::compareUnsigned);
            out.write('c');
            out.number(items.size());
            items.forEach(out::write);
        } else if (v instanceof Character c) {
            out.text('s', c.toString());
        } else {
            out.text('o', v.getClass().getName() + ':' + v);
        }
    }

    private static byte[] sub(Object v, int depth) {
        Out o = new Out();
        write(v, o, depth + 1);
        return o.toByteArray();
    }

    private static String plain(Number n) {
        try {
            BigDecimal d = n instanceof BigDecimal b ? b
                    : n instanceof BigInteger i ? new BigDecimal(i) : new BigDecimal(n.toString());
            d = d.stripTrailingZeros();
            return d.unscaledValue() + "e" + -(long) d.scale();
        } catch (NumberFormatException e) {
            return n.toString();
        }
    }

    /** A byte buffer with length-prefixed writes. */
    private static final class Out extends ByteArrayOutputStream {
        void number(long n) {
            for (int i = 56; i >= 0; i -= 8) {
                write((int) (n >>> i));
            }
        }

        void text(char tag, String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            write(tag);
            number(b.length);
            write(b, 0, b.length);
        }

        @Override
        public void write(byte[] b) {
            write(b, 0, b.length);
        }
    }
}
