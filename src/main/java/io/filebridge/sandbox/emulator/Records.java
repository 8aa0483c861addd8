package io.filebridge.sandbox.emulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * What an emulator saw (requests, violations, accepted uploads), oldest first. Bounded, so that a long sandbox demo
 * does not grow the heap; a test's emulator keeps everything ({@link #unbounded()}).
 */
public final class Records<T> {

    private final int capacity;
    private final Deque<T> oldestFirst = new ArrayDeque<>();

    public Records(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
    }

    public static <T> Records<T> unbounded() {
        return new Records<>(Integer.MAX_VALUE);
    }

    public synchronized void add(T record) {
        oldestFirst.addLast(record);
        while (oldestFirst.size() > capacity) {
            oldestFirst.removeFirst();
        }
    }

    public synchronized void addAll(List<T> records) {
        records.forEach(this::add);
    }

    public synchronized List<T> oldestFirst() {
        return List.copyOf(oldestFirst);
    }

    public synchronized List<T> newestFirst() {
        List<T> newestFirst = new ArrayList<>(oldestFirst);
        java.util.Collections.reverse(newestFirst);
        return List.copyOf(newestFirst);
    }

    public synchronized int size() {
        return oldestFirst.size();
    }

    public synchronized void clear() {
        oldestFirst.clear();
    }
}
