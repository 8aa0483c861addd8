package io.filebridge.sandbox.emulator;

import java.util.Arrays;

/**
 * Boyer-Moore-Horspool search for a multipart delimiter ({@code "\r\n--" + boundary}) in a buffer. A window whose
 * last byte is not in the delimiter moves on by the delimiter's whole length, so binary content is passed over a few
 * dozen bytes per step rather than looked at byte by byte.
 */
final class DelimiterSearch {

    private final byte[] delimiter;
    /** How far the window may move when its last byte is this one. */
    private final int[] shift = new int[256];

    DelimiterSearch(byte[] delimiter) {
        this.delimiter = delimiter.clone();
        int last = delimiter.length - 1;
        Arrays.fill(shift, delimiter.length);
        for (int i = 0; i < last; i++) {
            shift[delimiter[i] & 0xff] = last - i;
        }
    }

    int length() {
        return delimiter.length;
    }

    /** Where the first whole delimiter in {@code buffer[from, to)} starts, or -1. */
    int indexIn(byte[] buffer, int from, int to) {
        int last = delimiter.length - 1;
        byte lastByte = delimiter[last];
        for (int i = from; i + last < to; i += shift[buffer[i + last] & 0xff]) {
            if (buffer[i + last] == lastByte && Arrays.equals(buffer, i, i + last, delimiter, 0, last)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether {@code buffer[from, to)} starts with the delimiter without its first {@code skip} bytes. */
    boolean startsAt(byte[] buffer, int from, int to, int skip) {
        int length = delimiter.length - skip;
        return to - from >= length && Arrays.equals(buffer, from, from + length, delimiter, skip, delimiter.length);
    }
}
