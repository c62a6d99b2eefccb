package dev.vigil.core.event.read;

import java.math.BigInteger;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The value types of Windows binary XML ([MS-EVEN6] 2.2.10, "Value types"), decoded into the plain values
 * an event holds: integers and booleans as numbers and booleans, everything else as the text
 * {@code evtx_dump} prints (GUIDs in upper case without braces, SIDs as {@code S-1-5-18}, times as
 * {@code 2016-07-08T18:12:51.681640Z}, hexadecimal integers as {@code 0x1f}, binary as upper-case hex),
 * arrays as lists. Stateless.
 */
final class EvtxValues {

    static final int NULL = 0x00;
    static final int STRING = 0x01;
    static final int ANSI_STRING = 0x02;
    static final int INT8 = 0x03;
    static final int UINT8 = 0x04;
    static final int INT16 = 0x05;
    static final int UINT16 = 0x06;
    static final int INT32 = 0x07;
    static final int UINT32 = 0x08;
    static final int INT64 = 0x09;
    static final int UINT64 = 0x0a;
    static final int REAL32 = 0x0b;
    static final int REAL64 = 0x0c;
    static final int BOOL = 0x0d;
    static final int BINARY = 0x0e;
    static final int GUID = 0x0f;
    static final int SIZE_T = 0x10;
    static final int FILETIME = 0x11;
    static final int SYSTEMTIME = 0x12;
    static final int SID = 0x13;
    static final int HEX_INT32 = 0x14;
    static final int HEX_INT64 = 0x15;
    static final int EVT_HANDLE = 0x20;
    static final int BINXML = 0x21;
    static final int EVT_XML = 0x23;
    static final int ARRAY = 0x80;

    /** The ANSI code page of the systems that write these logs by default. */
    private static final Charset ANSI = Charset.forName("windows-1252");
    private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();
    /** The byte order of a GUID's text: the first three fields are little-endian; -1 is a dash. */
    private static final int[] GUID_ORDER = {3, 2, 1, 0, -1, 5, 4, -1, 7, 6, -1, 8, 9, -1, 10, 11, 12, 13, 14, 15};
    /** 100-nanosecond intervals from 1601-01-01 to 1970-01-01. */
    private static final long FILETIME_EPOCH = 116_444_736_000_000_000L;

    private EvtxValues() {
    }

    /** The size of one value of a fixed-size type, or 0 where the size comes with the value. */
    static int fixedSize(int type) {
        return switch (type) {
            case INT8, UINT8 -> 1;
            case INT16, UINT16 -> 2;
            case INT32, UINT32, REAL32, BOOL, HEX_INT32 -> 4;
            case INT64, UINT64, REAL64, FILETIME, HEX_INT64 -> 8;
            case GUID, SYSTEMTIME -> 16;
            default -> 0;
        };
    }

    /**
     * The value of {@code type} in {@code b[off, off+size)}; {@code null} for the null type.
     *
     * @throws EvtxFormatException when the bytes cannot hold such a value
     */
    static Object decode(byte[] b, int off, int size, int type) {
        if ((type & ARRAY) != 0) {
            return array(b, off, size, type & ~ARRAY);
        }
        switch (type) {
            case NULL:
                return null;
            case STRING:
                return utf16(b, off, size / 2);
            case ANSI_STRING: {
                int n = 0;
                while (n < size && b[off + n] != 0) {
                    n++;
                }
                return new String(b, off, n, ANSI);
            }
            case SIZE_T:
                if (size == 4) {
                    return hex(u32(b, off));
                }
                expect(size, 8, type);
                return hex(i64(b, off));
            case BINARY:
            case EVT_HANDLE:
            case EVT_XML:
                return hexBytes(b, off, size);
            case SID:
                return sid(b, off, size);
            default:
                int fixed = fixedSize(type);
                if (fixed == 0) {
                    throw new EvtxFormatException("unknown value type 0x" + Integer.toHexString(type));
                }
                expect(size, fixed, type);
                return fixed(b, off, type);
        }
    }

    private static void expect(int size, int fixed, int type) {
        if (size < fixed) {
            throw new EvtxFormatException("a value of type 0x" + Integer.toHexString(type) + " in " + size
                    + " bytes (needs " + fixed + ")");
        }
    }

    /** A value of a fixed-size type at {@code off}; the caller has checked the bounds. */
    static Object fixed(byte[] b, int off, int type) {
        return switch (type) {
            case INT8 -> (int) b[off];
            case UINT8 -> b[off] & 0xff;
            case INT16 -> (int) (short) u16(b, off);
            case UINT16 -> u16(b, off);
            case INT32 -> i32(b, off);
            case UINT32 -> number(u32(b, off));
            case INT64 -> number(i64(b, off));
            case UINT64 -> unsigned(i64(b, off));
            case REAL32 -> real(Float.intBitsToFloat(i32(b, off)));
            case REAL64 -> real(Double.longBitsToDouble(i64(b, off)));
            case BOOL -> i32(b, off) != 0;
            case GUID -> guid(b, off);
            case FILETIME -> filetime(i64(b, off));
            case SYSTEMTIME -> systemtime(b, off);
            case HEX_INT32 -> hex(u32(b, off));
            case HEX_INT64 -> hex(i64(b, off));
            default -> throw new EvtxFormatException("unknown value type 0x" + Integer.toHexString(type));
        };
    }

    private static List<Object> array(byte[] b, int off, int size, int type) {
        List<Object> items = new ArrayList<>();
        if (type == STRING) {
            int end = off + (size & ~1);
            int start = off;
            for (int i = off; i < end; i += 2) {
                if (b[i] == 0 && b[i + 1] == 0) {
                    items.add(new String(b, start, i - start, StandardCharsets.UTF_16LE));
                    start = i + 2;
                }
            }
            if (start < end) {
                items.add(new String(b, start, end - start, StandardCharsets.UTF_16LE));
            }
            return items;
        }
        int fixed = fixedSize(type);
        if (fixed == 0) {
            throw new EvtxFormatException("an array of value type 0x" + Integer.toHexString(type));
        }
        for (int i = 0; i + fixed <= size; i += fixed) {
            items.add(fixed(b, off + i, type));
        }
        return items;
    }

    /** UTF-16LE text of at most {@code chars} characters, ending at the first NUL. */
    static String utf16(byte[] b, int off, int chars) {
        int n = 0;
        while (n < chars && (b[off + 2 * n] != 0 || b[off + 2 * n + 1] != 0)) {
            n++;
        }
        if (n == 0) {
            return "";
        }
        boolean ascii = true;
        for (int i = 0; i < n && ascii; i++) {
            ascii = b[off + 2 * i + 1] == 0 && b[off + 2 * i] >= 0;
        }
        if (ascii) {
            byte[] latin = new byte[n];
            for (int i = 0; i < n; i++) {
                latin[i] = b[off + 2 * i];
            }
            return new String(latin, StandardCharsets.ISO_8859_1);
        }
        return new String(b, off, 2 * n, StandardCharsets.UTF_16LE);
    }

    static int u16(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8;
    }

    static int i32(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    static long u32(byte[] b, int off) {
        return i32(b, off) & 0xffff_ffffL;
    }

    static long i64(byte[] b, int off) {
        return u32(b, off) | u32(b, off + 4) << 32;
    }

    private static Object number(long v) {
        return v == (int) v ? (Object) (int) v : (Object) v;
    }

    private static Object unsigned(long v) {
        return v >= 0 ? number(v) : new BigInteger(Long.toUnsignedString(v));
    }

    /** Reals are text in evtx_dump's output, written the shortest way that reads back the same. */
    private static String real(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    private static String real(float v) {
        if (Float.isNaN(v) || Float.isInfinite(v)) {
            return Float.toString(v);
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e7) {
            return Long.toString((long) v);
        }
        return Float.toString(v);
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    static String hexBytes(byte[] b, int off, int size) {
        char[] out = new char[2 * size];
        for (int i = 0; i < size; i++) {
            out[2 * i] = HEX_UPPER[(b[off + i] >> 4) & 0xf];
            out[2 * i + 1] = HEX_UPPER[b[off + i] & 0xf];
        }
        return new String(out);
    }

    /** {@code 54849625-5478-4994-A5BA-3E3B0328C30D}: the first three fields little-endian. */
    static String guid(byte[] b, int off) {
        char[] out = new char[36];
        int n = 0;
        for (int i : GUID_ORDER) {
            if (i < 0) {
                out[n++] = '-';
            } else {
                out[n++] = HEX_UPPER[(b[off + i] >> 4) & 0xf];
                out[n++] = HEX_UPPER[b[off + i] & 0xf];
            }
        }
        return new String(out);
    }

    /** {@code S-1-5-21-...}: revision, a 48-bit big-endian authority, little-endian sub-authorities. */
    static String sid(byte[] b, int off, int size) {
        if (size < 8) {
            throw new EvtxFormatException("a SID in " + size + " bytes");
        }
        int count = b[off + 1] & 0xff;
        if (8 + 4 * count > size) {
            throw new EvtxFormatException("a SID of " + count + " sub-authorities in " + size + " bytes");
        }
        long authority = 0;
        for (int i = 2; i < 8; i++) {
            authority = authority << 8 | (b[off + i] & 0xff);
        }
        StringBuilder sb = new StringBuilder("S-").append(b[off] & 0xff).append('-').append(authority);
        for (int i = 0; i < count; i++) {
            sb.append('-').append(u32(b, off + 8 + 4 * i));
        }
        return sb.toString();
    }

    /** A FILETIME (100 ns since 1601) as {@code yyyy-MM-ddTHH:mm:ss.ffffffZ}, in microseconds as evtx_dump does. */
    static String filetime(long ticks) {
        long sinceEpoch = ticks - FILETIME_EPOCH;
        long micros = Math.floorDiv(sinceEpoch, 10);
        long seconds = Math.floorDiv(micros, 1_000_000);
        return time(seconds, (int) Math.floorMod(micros, 1_000_000));
    }

    private static String systemtime(byte[] b, int off) {
        int year = u16(b, off);
        int month = u16(b, off + 2);
        int day = u16(b, off + 6);
        int hour = u16(b, off + 8);
        int minute = u16(b, off + 10);
        int second = u16(b, off + 12);
        int millis = u16(b, off + 14);
        if (year == 0 && month == 0 && day == 0) {
            return "";
        }
        if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59 || millis > 999) {
            throw new EvtxFormatException("a SYSTEMTIME that is no time");
        }
        long epochDay = java.time.LocalDate.of(year, month, Math.min(day, java.time.YearMonth.of(year, month)
                .lengthOfMonth())).toEpochDay();
        return time(epochDay * 86_400 + hour * 3600L + minute * 60L + second, millis * 1000);
    }

    private static String time(long epochSeconds, int micros) {
        long days = Math.floorDiv(epochSeconds, 86_400);
        int secs = (int) Math.floorMod(epochSeconds, 86_400);
        java.time.LocalDate date = java.time.LocalDate.ofEpochDay(days);
        char[] out = "0000-00-00T00:00:00.000000Z".toCharArray();
        digits(out, 0, 4, date.getYear());
        digits(out, 5, 2, date.getMonthValue());
        digits(out, 8, 2, date.getDayOfMonth());
        digits(out, 11, 2, secs / 3600);
        digits(out, 14, 2, secs / 60 % 60);
        digits(out, 17, 2, secs % 60);
        digits(out, 20, 6, micros);
        return new String(out);
    }

    private static void digits(char[] out, int at, int width, int value) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
