package io.filebridge.ops.api;

import java.security.Principal;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** GET /api/pipelines, POST /api/pipelines/{id}/pause and /resume (see the /api contract). */
@RestController
@RequestMapping("/api/pipelines")
class PipelinesController {

    private final Pipelines pipelines;

    PipelinesController(Pipelines pipelines) {
        this.pipelines = pipelines;
    }

    @GetMapping
    List<PipelineView> list() {
        return pipelines.list();
    }

    @PostMapping("/{id}/pause")
    PipelineView pause(@PathVariable String id, HttpServletRequest request) {
        return pipelines.pause(id, Operator.of(request));
    }

    @PostMapping("/{id}/resume")
    PipelineView resume(@PathVariable String id, HttpServletRequest request) {
        return pipelines.resume(id, Operator.of(request));
    }

    /** Who asked, for the log and the ledger: the Basic-auth user, or the local address in loopback mode. */
    static final class Operator {

        private Operator() {
        }

        static String of(HttpServletRequest request) {
            Principal user = request.getUserPrincipal();
            return user != null ? "operator '" + user.getName() + "'" : "a local request";
        }
    }
}
