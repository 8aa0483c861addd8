package io.filebridge.ops.api;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import io.filebridge.intake.hotfolder.UnsettledFiles;
import io.filebridge.pipeline.KameletCatalog;
import io.filebridge.pipeline.PipelineProblems;
import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.Suspendable;
import org.apache.camel.component.aws2.s3.AWS2S3Endpoint;
import org.apache.camel.component.file.GenericFileEndpoint;
import org.apache.camel.model.KameletDefinition;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.SendDefinition;
import org.apache.camel.model.ToDynamicDefinition;
import org.apache.camel.support.service.ServiceHelper;
import org.apache.camel.util.URISupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The pipelines (routes whose intake is a hot folder or an S3 bucket) with their state and counts, and pause/resume.
 *
 * <p>Pause suspends the route through Camel's route controller: the consumer stops polling at once, and the call
 * returns when the files already in flight have finished (Camel's graceful suspend; they are neither cut off nor
 * failed). A paused pipeline is recorded in the ledger and is not started at the next start ({@link PauseAtStart});
 * resume resumes a suspended route or starts one that was never started. Every instance on the ledger follows a pause
 * or resume made on any of them within seconds ({@link PauseSync}).
 */
// bean name: "pipelines" is the readiness health contributor
@Service("opsPipelines")
public class Pipelines {

    private static final Logger log = LoggerFactory.getLogger(Pipelines.class);

    private final CamelContext camel;
    private final PipelineProblems problems;
    private final KameletCatalog kamelets;
    private final PausedPipelines paused;
    private final JobCounts counts;
    private final UnsettledFiles unsettled;

    public Pipelines(CamelContext camel, PipelineProblems problems, KameletCatalog kamelets, PausedPipelines paused,
            JobCounts counts, UnsettledFiles unsettled) {
        this.unsettled = unsettled;
        this.camel = camel;
        this.problems = problems;
        this.kamelets = kamelets;
        this.paused = paused;
        this.counts = counts;
    }

    public List<PipelineView> list() {
        Map<String, Map<String, Long>> all = counts.byPipeline();
        Set<String> pausedIds = paused.all();
        List<PipelineView> views = new ArrayList<>();
        for (Route route : camel.getRoutes()) {
            if (isPipeline(route)) {
                views.add(view(route, pausedIds.contains(route.getRouteId()), all));
            }
        }
        for (PipelineProblems.Refused refused : problems.refused()) {
            views.add(new PipelineView(refused.routeId(), null, null, PipelineView.REFUSED,
                    "refused at start (" + refused.source() + "): " + String.join("; ", refused.problems()),
                    all.getOrDefault(refused.routeId(), JobCounts.empty()), List.of()));
        }
        views.sort(java.util.Comparator.comparing(PipelineView::id));
        return views;
    }

    public PipelineView pause(String id, String by) {
        Route route = pipelineRoute(id);
        paused.pause(id, by);
        try {
            suspendHere(route);
        } catch (Exception e) {
            route.setAutoStartup(true);
            paused.heldHere(id, false);
            paused.resume(id);
            throw new IllegalStateException("could not pause pipeline " + id, e);
        }
        log.info("Pipeline '{}' paused by {}: its intake takes no new files until it is resumed", id, by);
        return view(route, true, counts.byPipeline());
    }

    public PipelineView resume(String id, String by) {
        Route route = pipelineRoute(id);
        paused.resume(id);
        try {
            resumeHere(route);
        } catch (Exception e) {
            throw new IllegalStateException("could not resume pipeline " + id, e);
        }
        log.info("Pipeline '{}' resumed by {}", id, by);
        return view(camel.getRoute(id), false, counts.byPipeline());
    }

    /**
     * Makes this instance follow the pauses in the ledger, which any instance may have changed: a pipeline paused
     * there is suspended here, one resumed there is resumed here (only one this instance holds paused: not started at
     * its start, or suspended by a pause). Called every few seconds ({@link PauseSync}).
     */
    void followLedger() {
        Set<String> pausedIds;
        try {
            pausedIds = paused.all();
        } catch (RuntimeException e) {
            log.debug("The paused pipelines could not be read from the ledger now: {}", e.toString());
            return;
        }
        for (Route route : camel.getRoutes()) {
            if (!isPipeline(route)) {
                continue;
            }
            String id = route.getRouteId();
            ServiceStatus status = camel.getRouteController().getRouteStatus(id);
            boolean heldPaused = paused.isHeldHere(id)
                    && (status == ServiceStatus.Suspended || status != null && status.isStopped());
            try {
                if (pausedIds.contains(id) && status == ServiceStatus.Started) {
                    suspendHere(route);
                    log.info("Pipeline '{}' was paused by another instance: it is paused here too", id);
                } else if (!pausedIds.contains(id) && heldPaused) {
                    resumeHere(route);
                    log.info("Pipeline '{}' was resumed by another instance: it is resumed here too", id);
                }
            } catch (Exception e) {
                log.warn("Pipeline '{}' could not follow the pause state in the ledger: {}", id, e.toString());
            }
        }
    }

    /**
     * Not auto-started is what a paused route is (as after a restart, see PauseAtStart), and it is what makes Camel's
     * route and consumer health checks read a deliberately suspended route as fine, not as DOWN.
     */
    private void suspendHere(Route route) throws Exception {
        route.setAutoStartup(false);
        paused.heldHere(route.getRouteId(), true);
        if (camel.getRouteController().getRouteStatus(route.getRouteId()) == ServiceStatus.Started) {
            camel.getRouteController().suspendRoute(route.getRouteId());
        }
    }

    private void resumeHere(Route route) throws Exception {
        String id = route.getRouteId();
        route.setAutoStartup(true);
        paused.heldHere(id, false);
        ServiceStatus status = camel.getRouteController().getRouteStatus(id);
        if (status == ServiceStatus.Suspended) {
            camel.getRouteController().resumeRoute(id);
        } else if (status != ServiceStatus.Started) {
            camel.getRouteController().startRoute(id);
        }
    }

    /** The pipeline's running route; 404 for an unknown id, 409 for a pipeline refused at start. */
    Route pipelineRoute(String id) {
        Route route = camel.getRoute(id);
        if (route != null && isPipeline(route)) {
            return route;
        }
        Optional<PipelineProblems.Refused> refused = problems.refused().stream().filter(r -> r.routeId().equals(id))
                .findFirst();
        if (refused.isPresent()) {
            throw ApiException.conflict("pipeline '" + id + "' does not run: " + String.join("; ",
                    refused.get().problems()));
        }
        throw ApiException.notFound("no pipeline '" + id + "'");
    }

    static boolean isPipeline(Route route) {
        Endpoint endpoint = route.getEndpoint();
        return endpoint instanceof GenericFileEndpoint<?> || endpoint instanceof AWS2S3Endpoint;
    }

    private PipelineView view(Route route, boolean pausedInLedger, Map<String, Map<String, Long>> all) {
        String id = route.getRouteId();
        ServiceStatus status = camel.getRouteController().getRouteStatus(id);
        String state;
        String problem = null;
        boolean suspended = status == ServiceStatus.Suspended
                || status == ServiceStatus.Started && consumerSuspended(route);
        if (status == ServiceStatus.Started && !suspended) {
            state = PipelineView.RUNNING;
            if (pausedInLedger) {
                problem = "paused by another instance a moment ago; paused here within seconds";
            }
        } else if (suspended || pausedInLedger && status != null && status.isStopped()) {
            state = PipelineView.PAUSED;
        } else {
            state = PipelineView.STOPPED;
            problem = "the route is " + (status == null ? "unknown to Camel" : status.name().toLowerCase());
        }
        return new PipelineView(id, displayUri(route.getEndpoint().getEndpointUri()), vendorOf(id),
                state, problem, all.getOrDefault(id, JobCounts.empty()), unsettled.of(id));
    }

    /**
     * The endpoint URI as an operator wrote it: secret options blanked first (so nothing decoded can reveal one),
     * then percent-decoding undone, so {@code move=.done/${file:name}} reads as such rather than {@code %2F%24%7B...}.
     */
    static String displayUri(String endpointUri) {
        String sanitized = URISupport.sanitizeUri(endpointUri);
        try {
            return java.net.URLDecoder.decode(sanitized.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notEncoded) {
            return sanitized;
        }
    }

    private static boolean consumerSuspended(Route route) {
        Consumer consumer = route.getConsumer();
        return consumer instanceof Suspendable && ServiceHelper.isSuspended(consumer);
    }

    /** The vendor named by the first filebridge Kamelet the route calls (label filebridge.io/vendor). */
    private String vendorOf(String routeId) {
        RouteDefinition definition = ((ModelCamelContext) camel).getRouteDefinition(routeId);
        if (definition == null) {
            return null;
        }
        Set<String> names = new LinkedHashSet<>();
        collectKamelets(definition.getOutputs(), names);
        return names.stream().map(kamelets::find).flatMap(Optional::stream)
                .map(k -> k.vendor().orElse(null)).filter(java.util.Objects::nonNull).findFirst().orElse(null);
    }

    private static void collectKamelets(List<ProcessorDefinition<?>> outputs, Set<String> names) {
        for (ProcessorDefinition<?> output : outputs) {
            String uri = null;
            if (output instanceof SendDefinition<?> send) {
                uri = send.getEndpointUri();
            } else if (output instanceof ToDynamicDefinition dynamic) {
                uri = dynamic.getUri();
            } else if (output instanceof KameletDefinition kamelet) {
                uri = "kamelet:" + kamelet.getName();
            }
            if (uri != null && uri.startsWith("kamelet:")) {
                String name = uri.substring("kamelet:".length()).replaceFirst("^/+", "");
                names.add(name.split("[?/]", 2)[0]);
            }
            collectKamelets(output.getOutputs(), names);
        }
    }
}
