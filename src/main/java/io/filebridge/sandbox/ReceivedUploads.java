package io.filebridge.sandbox;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** What an emulator accepted, newest first, bounded so a long demo does not grow the heap. */
public final class ReceivedUploads<T> {

    private final int capacity;
    private final Deque<T> newestFirst = new ArrayDeque<>();

    public ReceivedUploads(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, got " + capacity);
        }
        this.capacity = capacity;
    }

    public synchronized void add(T upload) {
        newestFirst.addFirst(upload);
        while (newestFirst.size() > capacity) {
            newestFirst.removeLast();
        }
    }

    public synchronized List<T> newestFirst() {
        return List.copyOf(newestFirst);
    }

    public synchronized void clear() {
        newestFirst.clear();
    }
}
