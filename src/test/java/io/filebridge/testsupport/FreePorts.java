package io.filebridge.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A free port for an application whose port a test must name before it starts (the sandbox's callback URL is the
 * application itself). Taken below the kernel's ephemeral range: a port probed with {@code new ServerSocket(0)} and
 * released can be handed to the next bind of port 0 in the same JVM, such as the sandbox's vendor emulators, which
 * start before the web server.
 */
public final class FreePorts {

    private static final int LOWEST = 10_000;

    private FreePorts() {
    }

    public static int forApplication() {
        int below = ephemeralRangeStart();
        for (int i = 0; i < 500; i++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("0.0.0.0"))) {
                return socket.getLocalPort();
            } catch (IOException taken) {
                // try another
            }
        }
        throw new IllegalStateException("no free port between " + LOWEST + " and " + below);
    }

    /** Linux's first ephemeral port; the IANA range start where that cannot be read. */
    private static int ephemeralRangeStart() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).strip();
            return Math.max(LOWEST + 1_000, Integer.parseInt(range.split("\\s+")[0]));
        } catch (IOException | RuntimeException unknown) {
            return 49_152;
        }
    }
}
