package io.filebridge.pipeline;

import java.util.List;
import java.util.Map;

/**
 * Checks a Kamelet's parameter values when a pipeline starts, beyond "required" and "known": language codes,
 * templates, target URIs. A pipeline with problems is refused with them, and the others run.
 */
public interface KameletParameterCheck {

    /** The Kamelet this check is for. */
    String kamelet();

    /** Problems with the given parameters (defaults filled in), each naming the parameter; empty when fine. */
    List<String> problems(Map<String, String> parameters);
}
