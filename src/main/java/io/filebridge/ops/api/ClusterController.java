package io.filebridge.ops.api;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** GET /api/cluster (see the /api contract). */
@RestController
@RequestMapping("/api/cluster")
class ClusterController {

    private final Cluster cluster;

    ClusterController(Cluster cluster) {
        this.cluster = cluster;
    }

    @GetMapping
    ClusterView view() {
        return cluster.view();
    }
}
