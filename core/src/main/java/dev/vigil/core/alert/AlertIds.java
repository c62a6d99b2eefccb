package dev.vigil.core.alert;

import dev.vigil.core.SourcePosition;
import dev.vigil.core.event.Event;
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
 * alert, so that no two different inputs encode alike; event content in the encoding of
 * {@link Canonical}.
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

    /**
     * The correlation's key, group and window, and what made it: the value and the matches, so that two
     * alerts of one group and window made of different matches (a count reached twice within one second)
     * are two ids.
     */
    static String correlationId(String ruleKey, Map<String, String> group, TimeWindow window, Number value,
            int matchCount, List<MatchRef> matches) {
        Digest d = new Digest("correlation").text(ruleKey).group(group).time(window.start()).time(window.end());
        d.value(value).number(matchCount).number(matches.size());
        for (MatchRef m : matches) {
            SourcePosition s = m.source();
            d.text(m.ruleKey()).text(s.file()).number(s.line()).number(s.column()).time(m.timestamp());
        }
        return d.uuid();
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

        /** Group-by names and values, by name (names are unique, so the order of the map does not count). */
        Digest group(Map<String, String> group) {
            List<String> names = new ArrayList<>(group.keySet());
            names.sort(null);
            sha.update((byte) 'g');
            number(names.size());
            for (String name : names) {
                text(name).text(group.get(name));
            }
            return this;
        }

        /** An event value, in the canonical encoding of {@link Canonical}. */
        Digest value(Object v) {
            byte[] b = Canonical.encode(v);
            number(b.length);
            sha.update(b);
            return this;
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
