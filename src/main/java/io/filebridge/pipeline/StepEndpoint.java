package io.filebridge.pipeline;

import org.apache.camel.Component;
import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultEndpoint;
import org.apache.camel.support.DefaultProducer;

/**
 * The endpoint of a filebridge step (an upload, a translation submit): a Kamelet sends the file to it, and the step's
 * work runs on the exchange. Its options come from the endpoint URI, so every Kamelet passes its parameters the one
 * way every Camel step does, optional ones as {@code {{?name}}}, and a misspelt option fails the route at start.
 */
public class StepEndpoint extends DefaultEndpoint {

    /** The step's work on one exchange; a failure fails the exchange (the intake then moves the file aside). */
    @FunctionalInterface
    public interface Work {
        void run(Exchange exchange) throws Exception;
    }

    private final Work work;

    public StepEndpoint(String uri, Component component, Work work) {
        super(uri, component);
        this.work = work;
    }

    @Override
    public Producer createProducer() {
        return new DefaultProducer(this) {
            @Override
            public void process(Exchange exchange) throws Exception {
                work.run(exchange);
            }
        };
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException(getEndpointUri() + " is a step to send files to, not a source");
    }
}
