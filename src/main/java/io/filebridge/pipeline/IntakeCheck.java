package io.filebridge.pipeline;

import java.util.List;

/**
 * Checks a pipeline's intake (its {@code from} URI, placeholders resolved) when the pipeline starts; each kind of
 * intake brings its own. A pipeline with problems is refused with them, and the others run.
 */
public interface IntakeCheck {

    /** Problems with this intake, each saying what to set; empty when fine or when the URI is not this check's kind. */
    List<String> problems(String uri);
}
