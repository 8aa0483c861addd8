package io.filebridge.intake.hotfolder;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.filebridge.pipeline.PipelineProblems;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.component.file.FileEndpoint;
import org.apache.camel.model.FromDefinition;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.NodeIdFactory;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.support.LifecycleStrategySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;

/**
 * One inbox, one consumer: every pipeline whose intake is a {@code file:} folder runs only while it holds that folder's
 * lease ({@link InboxLeases}). Before Camel starts the routes, each such pipeline takes its lease; a pipeline whose
 * inbox another live process (or another pipeline of this one) consumes is not started, with one ERROR line naming
 * the holder and readiness DOWN (it is listed in {@link PipelineProblems}), and nothing in its inbox is touched.
 *
 * <p>Then, every third of the lease ttl, a held lease's heartbeat is renewed and a waiting pipeline tries again: when
 * the holder has stopped (released) or died (no heartbeat for the ttl, or its process gone from this host), the
 * pipeline takes the lease, its route is added back and started, and readiness comes back. A lease lost while running
 * (another process took it over after this one missed its heartbeats, e.g. a JVM frozen for longer than the ttl, or a
 * ledger that could not be written for that long) stops the route at once and shows in readiness the same way. When
 * Camel has stopped (all in-flight files finished), the leases are released, so a successor takes over at once.
 *
 * <p>A waiting pipeline's route definition is taken out of Camel, as for a pipeline refused by the validator, so
 * nothing (a resume from the ops API included) can start its consumer without the lease. This bean is declared with
 * {@code @Bean} (see {@link InboxLeaseConfiguration}) so that it runs after the scanned Camel configurers, the
 * pipeline validator and the pause-at-start among them: a pipeline they refuse never takes a lease.
 */
public class InboxLeaseKeeper implements CamelContextConfiguration, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(InboxLeaseKeeper.class);

    /** A file: intake: its endpoint URI (placeholders resolved), Camel's endpoint for it, and the folder it reads. */
    private record FileIntake(String uri, FileEndpoint endpoint, InboxIdentity inbox) {
    }

    /** One file pipeline and its lease. */
    private static final class Lease {
        final String routeId;
        final RouteDefinition route;
        final String source;
        final String uri;
        final InboxIdentity inbox;
        volatile boolean holding;
        volatile boolean routeRemoved;
        volatile long renewedAtNanos;
        /** The holder last reported in the log, so a waiting pipeline logs once per holder, not every retry. */
        volatile String reportedHolder;
        volatile boolean renewFailing;
        volatile boolean pollsHeld;

        Lease(String routeId, RouteDefinition route, String source, String uri, InboxIdentity inbox) {
            this.routeId = routeId;
            this.route = route;
            this.source = source;
            this.uri = uri;
            this.inbox = inbox;
        }
    }

    private final InboxLeases leases;
    private final PipelineProblems problems;
    private final ObjectProvider<MeterRegistry> meters;
    private final Map<String, Lease> pipelines = new ConcurrentHashMap<>();
    private volatile ModelCamelContext camel;
    /** Heartbeats and retries; never blocked by a route that takes long to stop. */
    private ScheduledExecutorService timer;
    /** Stops and starts routes, one at a time and in order. */
    private ExecutorService routes;
    private volatile boolean stopping;

    public InboxLeaseKeeper(InboxLeases leases, PipelineProblems problems, ObjectProvider<MeterRegistry> meters) {
        this.leases = leases;
        this.problems = problems;
        this.meters = meters;
    }

    @Override
    public void beforeApplicationStart(CamelContext context) {
        camel = (ModelCamelContext) context;
        for (RouteDefinition route : List.copyOf(camel.getRouteDefinitions())) {
            Optional<FileIntake> intake = intakeOf(context, route);
            if (intake.isEmpty()) {
                continue;
            }
            String routeId = route.idOrCreate(context.getCamelContextExtension().getContextPlugin(NodeIdFactory.class));
            String source = route.getResource() != null ? route.getResource().getLocation() : "(Java)";
            Lease lease = new Lease(routeId, route, source, intake.get().uri(), intake.get().inbox());
            pipelines.put(routeId, lease);
            registerGauge(lease);
            fence(intake.get().endpoint(), lease);
            InboxLeases.Acquisition attempt = leases.acquire(lease.inbox.id(), routeId, lease.inbox.path().toString());
            if (attempt instanceof InboxLeases.Acquired acquired) {
                holding(lease, acquired);
            } else if (attempt instanceof InboxLeases.Refused refused) {
                refuse(lease, refused.holder());
                removeRoute(lease);
            }
        }
        if (pipelines.isEmpty()) {
            return;
        }
        context.addLifecycleStrategy(new LifecycleStrategySupport() {
            @Override
            public void onContextStopping(CamelContext stoppingContext) {
                // heartbeats go on while in-flight files finish; only no route may start any more
                stopping = true;
            }

            @Override
            public void onContextStopped(CamelContext stoppedContext) {
                releaseAll();
            }
        });
        long period = Math.max(100, leases.ttl().toMillis() / 3);
        timer = Executors.newSingleThreadScheduledExecutor(daemon("filebridge-inbox-lease"));
        routes = Executors.newSingleThreadExecutor(daemon("filebridge-inbox-lease-routes"));
        timer.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void afterApplicationStart(CamelContext context) {
        // a configurer that ran after this one may still have removed a pipeline: its lease must not block others
        for (Lease lease : pipelines.values()) {
            if (lease.holding && camel.getRouteDefinition(lease.routeId) == null) {
                pipelines.remove(lease.routeId);
                lease.holding = false;
                leases.release(lease.inbox.id(), lease.routeId);
            }
        }
    }

    /** Releases every lease this process holds; also when Camel stopped on its own. Idempotent. */
    @Override
    public void destroy() {
        releaseAll();
    }

    private synchronized void releaseAll() {
        stopping = true;
        if (timer != null) {
            timer.shutdownNow();
            routes.shutdownNow();
        }
        for (Lease lease : pipelines.values()) {
            if (lease.holding) {
                lease.holding = false;
                try {
                    leases.release(lease.inbox.id(), lease.routeId);
                    log.info("Pipeline '{}' released the lease of inbox {}", lease.routeId, lease.inbox.path());
                } catch (RuntimeException e) {
                    log.warn("Pipeline '{}' could not release the lease of inbox {} ({}); another instance takes it"
                            + " over once its heartbeat is older than {}", lease.routeId, lease.inbox.path(),
                            e.getMessage(), leases.ttl());
                }
            }
        }
    }

    /** One round: renew what is held, retry what waits. */
    private void tick() {
        for (Lease lease : pipelines.values()) {
            try {
                if (lease.holding) {
                    renew(lease);
                } else if (!stopping && camel.isStarted()) {
                    retry(lease);
                }
            } catch (RuntimeException e) {
                trouble(lease, e);
            }
        }
    }

    private void renew(Lease lease) {
        if (leases.renew(lease.inbox.id(), lease.routeId)) {
            lease.renewedAtNanos = System.nanoTime();
            lease.pollsHeld = false;
            if (lease.renewFailing) {
                lease.renewFailing = false;
                log.info("Pipeline '{}' renews the lease of inbox {} again", lease.routeId, lease.inbox.path());
            }
            return;
        }
        Optional<InboxLeaseHolder> now = leases.find(lease.inbox.id());
        lose(lease, "its lease was taken over while it ran (now held by "
                + now.map(InboxLeaseHolder::describe).orElse("nobody") + "), after this instance had not renewed it"
                + " for longer than the lease ttl (" + leases.ttl() + ")", now.map(InboxLeaseKeeper::key).orElse(null));
    }

    private void retry(Lease lease) {
        InboxLeases.Acquisition attempt = leases.acquire(lease.inbox.id(), lease.routeId,
                lease.inbox.path().toString());
        if (attempt instanceof InboxLeases.Acquired acquired) {
            holding(lease, acquired);
            // readiness comes back only once the route runs again, not while it is being added
            routes.execute(() -> {
                addRoute(lease);
                if (lease.holding && !lease.routeRemoved) {
                    problems.withdraw(lease.routeId);
                }
            });
        } else if (attempt instanceof InboxLeases.Refused refused) {
            refuse(lease, refused.holder());
        }
    }

    /** The ledger could not be reached: a held lease that cannot be renewed for the ttl must stop consuming. */
    private void trouble(Lease lease, RuntimeException e) {
        if (!lease.holding) {
            log.debug("Pipeline '{}' could not check the lease of inbox {}", lease.routeId, lease.inbox.path(), e);
            return;
        }
        long unrenewedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lease.renewedAtNanos);
        if (unrenewedMs > leases.ttl().toMillis()) {
            lose(lease, "its lease could not be renewed for " + unrenewedMs + " ms, longer than the lease ttl ("
                    + leases.ttl() + "), so another instance may take the inbox over (" + e.getMessage() + ")", null);
        } else if (!lease.renewFailing) {
            lease.renewFailing = true;
            log.warn("Pipeline '{}' could not renew the lease of inbox {}: {}; it stops consuming if this lasts longer"
                    + " than {}", lease.routeId, lease.inbox.path(), e.getMessage(), leases.ttl());
        }
    }

    private void holding(Lease lease, InboxLeases.Acquired acquired) {
        lease.holding = true;
        lease.renewedAtNanos = System.nanoTime();
        lease.reportedHolder = null;
        lease.renewFailing = false;
        if (acquired.previous() != null) {
            log.warn("Pipeline '{}' took over the lease of inbox {} from {}: {}", lease.routeId, lease.inbox.path(),
                    acquired.previous().describe(), acquired.why());
        } else {
            log.debug("Pipeline '{}' holds the lease of inbox {} ({})", lease.routeId, lease.inbox.path(),
                    lease.inbox.id());
        }
    }

    private void refuse(Lease lease, InboxLeaseHolder holder) {
        lease.holding = false;
        String problem;
        if (holder.runId().equals(leases.process().runId())) {
            problem = "its inbox " + lease.inbox.path() + " is already consumed by pipeline '" + holder.pipeline()
                    + "' of this instance; two pipelines on one inbox would take the same files: give each pipeline"
                    + " its own inbox";
        } else {
            problem = "its inbox " + lease.inbox.path() + " is consumed by " + holder.describe() + "; two consumers on"
                    + " one inbox would take the same files. This pipeline starts by itself when that instance stops"
                    + " or its heartbeat is older than " + leases.ttl() + "; to run it here, stop that instance or"
                    + " point this pipeline at another inbox";
        }
        problems.refuse(new PipelineProblems.Refused(lease.routeId, lease.source, List.of(problem)));
        if (!key(holder).equals(lease.reportedHolder)) {
            lease.reportedHolder = key(holder);
            log.error("Pipeline '{}' in {} was not started: {}. Nothing in the inbox was touched.", lease.routeId,
                    lease.source, problem);
        }
    }

    /** {@code holderKey}: the new holder, already named here, so the retries that follow do not log it again. */
    private void lose(Lease lease, String why, String holderKey) {
        lease.holding = false;
        lease.reportedHolder = holderKey;
        String problem = "it stopped consuming its inbox " + lease.inbox.path() + ": " + why + ". It starts again by"
                + " itself when it gets the lease back";
        problems.refuse(new PipelineProblems.Refused(lease.routeId, lease.source, List.of(problem)));
        log.error("Pipeline '{}' in {} stopped consuming its inbox {}: {}. It starts again by itself when it gets the"
                + " lease back.", lease.routeId, lease.source, lease.inbox.path(), why);
        routes.execute(() -> removeRoute(lease));
    }

    private static String key(InboxLeaseHolder holder) {
        return holder.runId() + "/" + holder.pipeline();
    }

    /** Takes the route out of Camel; a running one stops polling at once and finishes the files it has in flight. */
    private void removeRoute(Lease lease) {
        if (lease.routeRemoved || lease.holding) {
            return;
        }
        try {
            camel.removeRouteDefinition(lease.route);
            lease.routeRemoved = true;
        } catch (Exception e) {
            log.error("Pipeline '{}' could not be stopped after it lost the lease of inbox {}", lease.routeId,
                    lease.inbox.path(), e);
        }
    }

    private void addRoute(Lease lease) {
        if (!lease.routeRemoved || !lease.holding || stopping) {
            return;
        }
        try {
            // removing the route removed its endpoint too: the new one needs the fence again
            if (camel.getEndpoint(lease.uri) instanceof FileEndpoint endpoint) {
                fence(endpoint, lease);
            }
            camel.addRouteDefinition(lease.route);
            lease.routeRemoved = false;
            log.info("Pipeline '{}' holds the lease of inbox {} now and was started", lease.routeId,
                    lease.inbox.path());
        } catch (Exception e) {
            lease.holding = false;
            leases.release(lease.inbox.id(), lease.routeId);
            problems.refuse(new PipelineProblems.Refused(lease.routeId, lease.source, List.of(
                    "it got the lease of its inbox " + lease.inbox.path() + " but could not be started: " + e)));
            log.error("Pipeline '{}' got the lease of inbox {} but could not be started", lease.routeId,
                    lease.inbox.path(), e);
        }
    }

    /** The folder a file: pipeline consumes, as Camel's endpoint sees it; empty for any other intake. */
    private Optional<FileIntake> intakeOf(CamelContext context, RouteDefinition route) {
        FromDefinition from = route.getInput();
        if (from == null || from.getEndpointUri() == null) {
            return Optional.empty();
        }
        String uri;
        Endpoint endpoint;
        try {
            uri = context.resolvePropertyPlaceholders(from.getEndpointUri());
            if (!uri.startsWith("file:") && !uri.startsWith(HotFolderComponent.SCHEME + ":")) {
                return Optional.empty();
            }
            endpoint = context.getEndpoint(uri);
        } catch (RuntimeException e) {
            return Optional.empty(); // Camel refuses this route at start, with its own message
        }
        if (!(endpoint instanceof FileEndpoint file)) {
            return Optional.empty();
        }
        Path folder = file.getFile().toPath();
        InboxIdentity inbox = InboxIdentity.of(folder, !file.isIncludeHiddenFiles(),
                file.isAutoCreate() && !file.isStartingDirectoryMustExist(), leases.process().host());
        if (!inbox.marker()) {
            log.warn("Pipeline '{}': inbox {} is known by its path on this host only ({}): another filebridge that"
                    + " sees this folder at another path, or from another host, is not recognised as consuming it too",
                    route.getRouteId(), inbox.path(), inbox.note());
        }
        return Optional.of(new FileIntake(uri, file, inbox));
    }

    /** Each poll of the consumer first checks that the lease is fresh (see {@link InboxLeaseFence}). */
    private void fence(FileEndpoint endpoint, Lease lease) {
        if (!(endpoint.getPollStrategy() instanceof InboxLeaseFence)) {
            endpoint.setPollStrategy(new InboxLeaseFence(endpoint.getPollStrategy(), () -> fresh(lease)));
        }
    }

    /**
     * True while the lease was renewed within half the ttl. Renewals come every third of it, and another process
     * takes the lease over only after a whole ttl without one, so a poll allowed here cannot overlap with its polls.
     */
    private boolean fresh(Lease lease) {
        long ageMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - lease.renewedAtNanos);
        boolean fresh = lease.holding && ageMs < leases.ttl().toMillis() / 2;
        if (!fresh && lease.holding && !lease.pollsHeld) {
            lease.pollsHeld = true;
            log.warn("Pipeline '{}' skips polling its inbox {}: its lease was last renewed {} ms ago (lease ttl {});"
                    + " it polls again once the lease is renewed", lease.routeId, lease.inbox.path(), ageMs,
                    leases.ttl());
        }
        return fresh;
    }

    private void registerGauge(Lease lease) {
        MeterRegistry registry = meters.getIfAvailable();
        if (registry != null) {
            Gauge.builder("filebridge.inbox.lease.refused", lease, l -> l.holding ? 0 : 1)
                    .description("1 while the pipeline does not consume its inbox because another live consumer holds"
                            + " the inbox's lease, else 0")
                    .tag("pipeline", lease.routeId).strongReference(true).register(registry);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
