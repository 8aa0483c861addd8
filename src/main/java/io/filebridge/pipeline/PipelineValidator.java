package io.filebridge.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.filebridge.connector.Vendor;
import org.apache.camel.CamelContext;
import org.apache.camel.model.FromDefinition;
import org.apache.camel.model.KameletDefinition;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.ProcessorDefinition;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.SendDefinition;
import org.apache.camel.model.ToDynamicDefinition;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.apache.camel.util.URISupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Checks every pipeline before Camel starts it. A pipeline that names an unknown Kamelet, misses a required Kamelet
 * parameter, uses a vendor without credentials, or reads a hot folder without a read lock or failed folder is removed
 * before start, with one message naming the file, the route and what to set, while the other pipelines run.
 */
@Component
public class PipelineValidator implements CamelContextConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PipelineValidator.class);

    private final KameletCatalog kamelets;
    private final Map<String, Vendor> vendors;
    private final Map<String, KameletParameterCheck> parameterChecks;
    private final List<IntakeCheck> intakeChecks;
    private final PipelineProblems problems;

    public PipelineValidator(KameletCatalog kamelets, List<Vendor> vendors, List<KameletParameterCheck> checks,
            List<IntakeCheck> intakeChecks, PipelineProblems problems) {
        this.intakeChecks = intakeChecks;
        this.kamelets = kamelets;
        this.vendors = vendors.stream().collect(java.util.stream.Collectors.toMap(Vendor::id, v -> v));
        this.parameterChecks = checks.stream().collect(java.util.stream.Collectors.toMap(
                KameletParameterCheck::kamelet, c -> c));
        this.problems = problems;
    }

    @Override
    public void beforeApplicationStart(CamelContext context) {
        ModelCamelContext model = (ModelCamelContext) context;
        for (RouteDefinition route : List.copyOf(model.getRouteDefinitions())) {
            List<String> found = check(context, route);
            if (found.isEmpty()) {
                continue;
            }
            String source = route.getResource() != null ? route.getResource().getLocation() : "(Java)";
            log.error("Pipeline '{}' in {} was not started: {}. The other pipelines run.", route.getRouteId(), source,
                    String.join("; ", found));
            problems.refuse(new PipelineProblems.Refused(route.getRouteId(), source, found));
            try {
                model.removeRouteDefinition(route);
            } catch (Exception e) {
                throw new IllegalStateException("could not remove the refused pipeline " + route.getRouteId(), e);
            }
        }
    }

    @Override
    public void afterApplicationStart(CamelContext camelContext) {
        // nothing: validation happens before start
    }

    List<String> check(CamelContext context, RouteDefinition route) {
        List<String> found = new ArrayList<>();
        List<String> kameletUris = new ArrayList<>();
        collectKameletUris(route.getOutputs(), kameletUris);
        boolean usesFilebridge = false;
        for (String uri : kameletUris) {
            usesFilebridge |= checkKamelet(context, uri, found);
        }
        if (usesFilebridge) {
            if (route.getInput() != null && route.getInput().getEndpointUri() != null) {
                String uri = context.resolvePropertyPlaceholders(route.getInput().getEndpointUri());
                intakeChecks.forEach(c -> found.addAll(c.problems(uri)));
            }
        }
        return found;
    }

    /** Returns true when the Kamelet is one of filebridge's vendor Kamelets. */
    private boolean checkKamelet(CamelContext context, String rawUri, List<String> found) {
        String uri;
        try {
            uri = context.resolvePropertyPlaceholders(rawUri);
        } catch (RuntimeException e) {
            found.add("step '" + rawUri + "': " + e.getMessage());
            return false;
        }
        String rest = uri.substring("kamelet:".length());
        int q = rest.indexOf('?');
        String name = (q < 0 ? rest : rest.substring(0, q)).replaceFirst("^/+", "");
        if (name.contains("/")) {
            name = name.substring(0, name.indexOf('/'));
        }
        if (name.equals("source") || name.equals("sink")) {
            return false;
        }
        var info = kamelets.find(name);
        if (info.isEmpty()) {
            found.add("unknown Kamelet '" + name + "'");
            return false;
        }
        Map<String, Object> params;
        try {
            params = q < 0 ? Map.of() : URISupport.parseQuery(rest.substring(q + 1));
            // RAW(...) values (a URI with & inside a parameter) reach the Kamelet unwrapped; check them so
            URISupport.resolveRawParameterValues(params);
        } catch (Exception e) {
            found.add("Kamelet '" + name + "': unreadable parameters: " + e.getMessage());
            return false;
        }
        for (String required : info.get().required()) {
            Object value = params.get(required);
            if ((value == null || value.toString().isBlank()) && !info.get().defaults().containsKey(required)) {
                found.add("Kamelet '" + name + "' misses the required parameter '" + required + "'");
            }
        }
        boolean unknown = false;
        for (String given : params.keySet()) {
            if (!info.get().properties().contains(given)) {
                unknown = true;
                found.add("Kamelet '" + name + "' has no parameter '" + given + "' (it has: "
                        + String.join(", ", new java.util.TreeSet<>(info.get().properties())) + ")");
            }
        }
        if (unknown && params.values().stream().anyMatch(v -> String.valueOf(v).contains("?"))) {
            found.add("Kamelet '" + name + "': a parameter value that is a URI with several options (a & in it)"
                    + " must be wrapped in RAW(...), e.g. target: \"RAW(aws2-s3:bucket?prefix=out/&region=eu-west-1)\";"
                    + " otherwise each & starts a new Kamelet parameter");
        }
        KameletParameterCheck check = parameterChecks.get(name);
        if (check != null) {
            Map<String, String> withDefaults = new java.util.HashMap<>();
            info.get().defaults().forEach((k, v) -> withDefaults.put(k, String.valueOf(v)));
            params.forEach((k, v) -> withDefaults.put(k, String.valueOf(v)));
            found.addAll(check.problems(withDefaults));
        }
        info.get().vendor().ifPresent(vendor -> java.util.Optional.ofNullable(vendors.get(vendor)).ifPresentOrElse(
                v -> found.addAll(v.settings().missingCredentials()),
                () -> found.add("Kamelet '" + info.get().name() + "' names vendor '" + vendor
                        + "' that this build does not know")));
        return info.get().vendor().isPresent();
    }

    /** The Kamelet URIs (as written) of every step, nested ones included; also the health view of vendor use. */
    public static void collectKameletUris(List<ProcessorDefinition<?>> outputs, List<String> uris) {
        for (ProcessorDefinition<?> output : outputs) {
            if (output instanceof SendDefinition<?> send && send.getEndpointUri() != null
                    && send.getEndpointUri().startsWith("kamelet:")) {
                uris.add(send.getEndpointUri());
            } else if (output instanceof ToDynamicDefinition dynamic && dynamic.getUri() != null
                    && dynamic.getUri().startsWith("kamelet:")) {
                uris.add(dynamic.getUri());
            } else if (output instanceof KameletDefinition kamelet) {
                uris.add("kamelet:" + kamelet.getName());
            }
            collectKameletUris(output.getOutputs(), uris);
        }
    }
}
