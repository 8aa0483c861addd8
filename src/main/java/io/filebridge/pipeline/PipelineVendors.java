package io.filebridge.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.apache.camel.CamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.springframework.stereotype.Component;

/** Which vendor each pipeline sends to, read from the filebridge Kamelet steps of its route. */
@Component
public class PipelineVendors {

    private final CamelContext camel;
    private final KameletCatalog kamelets;

    public PipelineVendors(CamelContext camel, KameletCatalog kamelets) {
        this.camel = camel;
        this.kamelets = kamelets;
    }

    /**
     * Pipelines per vendor, from the Kamelet steps of every pipeline Camel has (refused pipelines were removed at
     * start; a paused one still counts, it will need the vendor when it resumes).
     */
    public Map<String, Set<String>> pipelinesByVendor() {
        Map<String, Set<String>> used = new TreeMap<>();
        for (RouteDefinition route : ((ModelCamelContext) camel).getRouteDefinitions()) {
            if (Boolean.TRUE.equals(route.isKamelet()) || Boolean.TRUE.equals(route.isTemplate())
                    || route.getRouteId() == null) {
                continue;
            }
            vendorsOf(route).forEach(v -> used.computeIfAbsent(v, k -> new TreeSet<>()).add(route.getRouteId()));
        }
        return used;
    }

    /** The vendor of pipeline {@code routeId} (the first filebridge Kamelet step's), if it has one. */
    public Optional<String> vendorOf(String routeId) {
        RouteDefinition route = ((ModelCamelContext) camel).getRouteDefinition(routeId);
        return route == null ? Optional.empty() : vendorsOf(route).stream().findFirst();
    }

    private List<String> vendorsOf(RouteDefinition route) {
        List<String> uris = new ArrayList<>();
        PipelineValidator.collectKameletUris(route.getOutputs(), uris);
        List<String> found = new ArrayList<>();
        for (String uri : uris) {
            kamelets.find(kameletName(uri)).flatMap(KameletCatalog.KameletInfo::vendor).ifPresent(found::add);
        }
        return found;
    }

    /** {@code kamelet:sendcloud-upload-sink?x=y} -> {@code sendcloud-upload-sink}. */
    static String kameletName(String uri) {
        String name = uri.substring("kamelet:".length()).replaceFirst("^/+", "");
        int end = name.length();
        for (char stop : new char[] {'?', '/'}) {
            int at = name.indexOf(stop);
            if (at >= 0) {
                end = Math.min(end, at);
            }
        }
        return name.substring(0, end);
    }
}
