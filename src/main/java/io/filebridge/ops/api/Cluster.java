package io.filebridge.ops.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import io.filebridge.cluster.ClusterMembers;
import io.filebridge.cluster.FileClaims;
import io.filebridge.cluster.Member;
import org.springframework.stereotype.Service;

/** The cluster view: the instances on the ledger, alive or dead, and which holds which file ({@link ClusterView}). */
@Service
public class Cluster {

    /** Claims listed in full; beyond this only their count (a backlog of thousands is read as a number). */
    static final int CLAIMS_SHOWN = 200;

    private final ClusterMembers members;
    private final FileClaims claims;

    public Cluster(ClusterMembers members, FileClaims claims) {
        this.members = members;
        this.claims = claims;
    }

    public ClusterView view() {
        Instant now = Instant.now();
        String me = members.process().runId();
        Map<String, Integer> heldByRun = claims.heldByRun();
        List<FileClaims.Claim> held = claims.claims(CLAIMS_SHOWN);
        List<Member> all = members.members();
        Map<String, Member> byRun = all.stream().collect(Collectors.toMap(Member::runId, Function.identity()));
        List<ClusterView.Instance> instances = new ArrayList<>();
        for (Member member : all) {
            Optional<String> dead = members.deathOf(member, now);
            instances.add(new ClusterView.Instance(member.instanceId(), member.runId(), member.host(), member.pid(),
                    member.joinedAt(), member.heartbeatAt(), member.runId().equals(me), dead.isEmpty(),
                    dead.orElse(null), heldByRun.getOrDefault(member.runId(), 0)));
        }
        instances.sort(Comparator.comparing((ClusterView.Instance i) -> !i.self())
                .thenComparing(ClusterView.Instance::instanceId).thenComparing(ClusterView.Instance::joinedAt));
        List<ClusterView.Claim> shown = held.stream().map(c -> new ClusterView.Claim(
                c.pipeline(), c.relativePath(), Optional.ofNullable(byRun.get(c.runId())).map(Member::instanceId)
                        .orElse(null), c.runId(), c.claimedAt())).toList();
        return new ClusterView(instances, shown, heldByRun.values().stream().mapToInt(Integer::intValue).sum());
    }
}
