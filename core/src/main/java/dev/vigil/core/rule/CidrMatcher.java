package dev.vigil.core.rule;

import java.util.Arrays;
import java.util.Objects;

/**
 * Whether a value is an IP address (IPv4 or IPv6 text) inside a network given in CIDR notation.
 * Addresses are parsed here, never resolved: a host name never matches and never causes a lookup.
 * An IPv4-mapped IPv6 address ({@code ::ffff:10.1.2.3}) matches the IPv4 network it maps.
 */
public final class CidrMatcher implements ValueMatcher {

    private final String cidr;
    private final byte[] network;
    private final int prefix;

    private CidrMatcher(String cidr, byte[] network, int prefix) {
        this.cidr = cidr;
        this.network = network;
        this.prefix = prefix;
    }

    /**
     * Parses {@code a.b.c.d/n} or an IPv6 network such as {@code fe80::/10}; without {@code /n} the
     * network is the single address.
     *
     * @throws IllegalArgumentException with the reason, for a malformed network
     */
    public static CidrMatcher of(String cidr) {
        Objects.requireNonNull(cidr, "cidr");
        String text = cidr.trim();
        int slash = text.indexOf('/');
        String address = slash < 0 ? text : text.substring(0, slash);
        byte[] bytes = parseAddress(address);
        if (bytes == null) {
            throw new IllegalArgumentException("not an IP network: '" + cidr + "'");
        }
        int prefix = bytes.length * 8;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not a prefix length in '" + cidr + "'");
            }
            if (prefix < 0 || prefix > bytes.length * 8) {
                throw new IllegalArgumentException("prefix length out of range in '" + cidr + "'");
            }
        }
        return new CidrMatcher(cidr, bytes, prefix);
    }

    public String cidr() {
        return cidr;
    }

    /** Whether the address has bits set past the prefix ({@code 192.168.1.1/24}, meant as {@code 192.168.1.0/24}). */
    public boolean hasHostBits() {
        for (int bit = prefix; bit < network.length * 8; bit++) {
            if ((network[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean matches(Object value) {
        if (!(value instanceof String s)) {
            return false;
        }
        byte[] address = parseAddress(s.trim());
        if (address == null) {
            return false;
        }
        if (address.length == 16 && network.length == 4 && isMappedV4(address)) {
            address = Arrays.copyOfRange(address, 12, 16);
        }
        if (address.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (address[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (address[full] & mask) == (network[full] & mask);
    }

    private static boolean isMappedV4(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xFF && a[11] == (byte) 0xFF;
    }

    /** The 4 or 16 bytes of an IP address literal, or {@code null}. A zone ({@code %eth0}) is ignored. */
    static byte[] parseAddress(String s) {
        if (s.isEmpty() || s.length() > 64) {
            return null;
        }
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        return s.indexOf(':') >= 0 ? parseV6(s) : parseV4(s);
    }

    private static byte[] parseV4(String s) {
        byte[] out = new byte[4];
        int part = 0;
        int value = -1;
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : '.';
            if (c == '.') {
                if (value < 0 || part > 3) {
                    return null;
                }
                out[part++] = (byte) value;
                value = -1;
            } else if (c >= '0' && c <= '9') {
                value = (value < 0 ? 0 : value * 10) + (c - '0');
                if (value > 255) {
                    return null;
                }
            } else {
                return null;
            }
        }
        return part == 4 ? out : null;
    }

    private static byte[] parseV6(String s) {
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        String head = gap >= 0 ? s.substring(0, gap) : s;
        String tail = gap >= 0 ? s.substring(gap + 2) : "";
        int[] h = groups(head);
        int[] t = groups(tail);
        if (h == null || t == null) {
            return null;
        }
        int total = h.length + t.length;
        if (gap < 0 ? total != 8 : total > 7) {
            return null;
        }
        int[] all = new int[8];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(t, 0, all, 8 - t.length, t.length);
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            out[2 * i] = (byte) (all[i] >> 8);
            out[2 * i + 1] = (byte) all[i];
        }
        return out;
    }

    /** Hex groups of one side of {@code ::}; a trailing dotted IPv4 counts as two groups. */
    private static int[] groups(String s) {
        if (s.isEmpty()) {
            return new int[0];
        }
        String[] parts = s.split(":", -1);
        int n = parts.length;
        boolean v4 = parts[n - 1].indexOf('.') >= 0;
        int[] out = new int[v4 ? n + 1 : n];
        for (int i = 0; i < n; i++) {
            String p = parts[i];
            if (v4 && i == n - 1) {
                byte[] b = parseV4(p);
                if (b == null) {
                    return null;
                }
                out[i] = ((b[0] & 0xFF) << 8) | (b[1] & 0xFF);
                out[i + 1] = ((b[2] & 0xFF) << 8) | (b[3] & 0xFF);
                break;
            }
            if (p.isEmpty() || p.length() > 4) {
                return null;
            }
            int v = 0;
            for (int k = 0; k < p.length(); k++) {
                int d = Character.digit(p.charAt(k), 16);
                if (d < 0) {
                    return null;
                }
                v = v * 16 + d;
            }
            out[i] = v;
        }
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CidrMatcher c && c.prefix == prefix && Arrays.equals(c.network, network);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(network) + prefix;
    }

    @Override
    public String toString() {
        return "cidr " + cidr;
    }
}
