package io.filebridge.connector;

import java.time.Duration;

/** Waits between attempts; a seam so that unit tests do not wait for real. */
@FunctionalInterface
public interface Sleeper {

    Sleeper REAL = delay -> Thread.sleep(delay.toMillis());

    void sleep(Duration delay) throws InterruptedException;
}
