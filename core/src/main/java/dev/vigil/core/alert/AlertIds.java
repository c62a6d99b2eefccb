package dev.vigil.core.alert;

import dev.vigil.core.SourcePosition;
import dev.vigil.core.event.Event;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Alert ids and fingerprints: SHA-256 over a canonical, length-prefixed encoding of what identifies the
 * alert, so that no two different inputs encode alike. An event's content is encoded with its object
 * keys sorted and its numbers as unscaled value and exponent without trailing zeros, so neither a map's
 * iteration order nor a number's Java type ({@code 1}, {@code 1L}, {@code 1.0}) changes the result, and
 * a number such as {@code 1e999999999} costs no more than its text.
 */
final class AlertIds {

    private static final HexFormat HEX = HexFormat.of();

    private AlertIds() {
    }

    static String detectionId(String ruleKey, Event event) {
        Digest d = new Digest("detection").text(ruleKey);
        SourcePosition s = event.source();
        d.text(s.file()).number(s.line()).number(s.column()).time(event.timestamp());
        d.value(event.fields());
        return d.uuid();
    }

    static String detectionFingerprint(String ruleKey, Event event) {
        return new Digest("detection").text(ruleKey).value(event.fields()).hex();
    }

    static String correlationId(String ruleKey, Map<String, String> group, TimeWindow window) {
        return new Digest("correlation").text(ruleKey).group(group).time(window.start()).time(window.end()).uuid();
    }

    static String correlationFingerprint(String ruleKey, Map<String, String> group) {
        return new Digest("correlation").text(ruleKey).group(group).hex();
    }

    /** A SHA-256 digest fed with tagged, length-prefixed parts. */
    private static final class Digest {
        private final MessageDigest sha;

        Digest(String kind) {
            try {
                sha = MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every Java platform has SHA-256", e);
            }
            text(kind);
        }

        Digest text(String s) {
            if (s == null) {
                sha.update((byte) 'z');
                return this;
            }
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            sha.update((byte) 's');
            number(b.length);
            sha.update(b);
            return this;
        }

        Digest number(long n) {
            for (int i = 56; i >= 0; i -= 8) {
                sha.update((byte) (n >>> i));
            }
            return this;
        }

        Digest time(Instant t) {
            if (t == null) {
                sha.update((byte) 'z');
                return this;
            }
            sha.update((byte) 't');
            return number(t.getEpochSecond()).number(t.getNano());
        }

        /** Group-by names and values in group-by order (the order is part of the rule). */
        Digest group(Map<String, String> group) {
            sha.update((byte) 'g');
            number(group.size());
            group.forEach((k, v) -> text(k).text(v));
            return this;
        }

        Digest value(Object v) {
            if (v == null) {
                sha.update((byte) 'z');
            } else if (v instanceof String s) {
                text(s);
            } else if (v instanceof Map<?, ?> m) {
                List<String> keys = new ArrayList<>(m.size());
                for (Object k : m.keySet()) {
                    keys.add(String.valueOf(k));
                }
                keys.sort(null);
                sha.update((byte) 'm');
                number(keys.size());
                for (String k : keys) {
                    text(k);
                    value(m.get(k));
                }
            } else if (v instanceof List<?> l) {
                sha.update((byte) 'l');
                number(l.size());
                for (Object x : l) {
                    value(x);
                }
            } else if (v instanceof Boolean b) {
                sha.update((byte) (b ? 'T' : 'F'));
            } else if (v instanceof Number n) {
                sha.update((byte) 'n');
                text(plain(n));
            } else {
                sha.update((byte) 'o');
                text(v.toString());
            }
            return this;
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

        /** The first 128 bits as a UUID of version 8 (RFC 9562, custom) and the RFC variant. */
        String uuid() {
            byte[] h = sha.digest();
            h[6] = (byte) ((h[6] & 0x0f) | 0x80);
            h[8] = (byte) ((h[8] & 0x3f) | 0x80);
            String x = HEX.formatHex(h, 0, 16);
            return x.substring(0, 8) + '-' + x.substring(8, 12) + '-' + x.substring(12, 16) + '-'
                    + x.substring(16, 20) + '-' + x.substring(20, 32);
        }

        String hex() {
            return HEX.formatHex(sha.digest(), 0, 16);
        }
    }
}
