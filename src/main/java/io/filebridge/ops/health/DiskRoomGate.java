package io.filebridge.ops.health;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import io.filebridge.intake.IntakeGate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Takes no new files while a disk filebridge keeps its own state on (the data dir, the embedded ledger, the spool) has
 * less than {@code filebridge.disk.min-free} left, the level at which readiness goes DOWN. An embedded H2 that runs
 * out of space in the middle of its writes closes itself and can lose the commits of that moment; stopping new work
 * before the disk is full keeps it from getting there, and inputs simply wait in their inboxes until there is room.
 * Read at most once a second (one statvfs per disk).
 */
@Component
public class DiskRoomGate implements IntakeGate {

    private static final Logger log = LoggerFactory.getLogger(DiskRoomGate.class);
    private static final long RECHECK_NANOS = 1_000_000_000L;

    private record Reading(long atNanos, Optional<String> closedBecause) {
    }

    private final DataDisks disks;
    private final AtomicReference<Reading> last = new AtomicReference<>(new Reading(Long.MIN_VALUE / 2,
            Optional.empty()));

    public DiskRoomGate(DataDisks disks) {
        this.disks = disks;
    }

    @Override
    public Optional<String> closedBecause() {
        Reading reading = last.get();
        long now = System.nanoTime();
        if (now - reading.atNanos() < RECHECK_NANOS) {
            return reading.closedBecause();
        }
        long minFree = disks.minFree().toBytes();
        Optional<String> closed = disks.rooms().stream().filter(room -> room.usable() < minFree)
                .map(room -> "the " + room.watched().role() + " disk (" + room.watched().path() + ") has "
                        + room.usable() + " bytes left, less than filebridge.disk.min-free (" + disks.minFree() + ")")
                .findFirst();
        Reading next = new Reading(now, closed);
        if (last.compareAndSet(reading, next) && closed.isPresent() != reading.closedBecause().isPresent()) {
            if (closed.isPresent()) {
                log.warn("Taking no new files: {}; inputs wait in their inboxes until there is room", closed.get());
            } else {
                log.info("There is room again on filebridge's disks: new files are taken again");
            }
        }
        return closed;
    }
}
