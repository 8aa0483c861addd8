package io.filebridge.cluster;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.filebridge.ledger.Ledger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files a stop left in flight (RECEIVED or UPLOADING with nobody working on them) are marked INTERRUPTED, so the
 * ledger says what still needs doing; the next pickup of the same input continues the row ({@link Ledger#pickUp}).
 * Only a dead instance's rows are touched: at start, this instance's own id (unless another live process uses the
 * same id), and on every heartbeat those of ids no live instance has (a replaced Kubernetes pod never comes back
 * under its name).
 */
public class StaleRows {

    private static final Logger log = LoggerFactory.getLogger(StaleRows.class);

    private final Ledger ledger;
    private final ClusterMembers members;

    public StaleRows(Ledger ledger, ClusterMembers members) {
        this.ledger = ledger;
        this.members = members;
    }

    /** Before this process joins: the rows an earlier run under this instance id left. */
    void atStart() {
        String myId = ledger.instanceId();
        Instant now = members.now();
        List<Member> sameId = members.members().stream().filter(m -> m.instanceId().equals(myId))
                .filter(m -> members.deathOf(m, now).isEmpty()).toList();
        if (!sameId.isEmpty()) {
            log.error("Another live process uses filebridge.instance-id '{}': {}. Give each instance its own id (the"
                    + " default, the host name, is unique per Kubernetes pod); until then the rows it leaves after a"
                    + " crash are not swept at start", myId, sameId.get(0).describe());
            return;
        }
        interrupt(myId, null, "of instance '" + myId + "'");
        int superseded = ledger.supersedeFinishedTwins();
        if (superseded > 0) {
            log.info("Ledger: {} INTERRUPTED file(s) were taken again and finished as later rows: SUPERSEDED",
                    superseded);
        }
    }

    /** The rows of instance ids that no live instance has. */
    void ofDeadInstances() {
        // rows first, then the members: an instance joins before it writes a row, so one whose row is read here is
        // among the members read next unless it is dead
        List<String> inFlight = ledger.instancesInFlight();
        if (inFlight.isEmpty()) {
            return;
        }
        Instant now = members.now();
        Set<String> live = new HashSet<>();
        members.members().stream().filter(m -> members.deathOf(m, now).isEmpty())
                .forEach(m -> live.add(m.instanceId()));
        live.add(ledger.instanceId());
        // a dead instance wrote its last row before its heartbeat aged a whole ttl (it beats every third of one); a
        // row written after the members were read is a live process's that joined since, under one of these ids
        Instant writtenBefore = now.minus(members.ttl().dividedBy(2));
        for (String instanceId : inFlight) {
            if (!live.contains(instanceId)) {
                interrupt(instanceId, writtenBefore, "of instance '" + instanceId + "', which is no longer running,");
            }
        }
    }

    private void interrupt(String instanceId, Instant writtenBefore, String whose) {
        int count = ledger.interruptStale(instanceId, writtenBefore);
        if (count > 0) {
            log.warn("Ledger: marked {} file(s) {} INTERRUPTED, left in flight by a stop; each continues when its"
                    + " input is taken again", count, whose);
        }
    }
}
