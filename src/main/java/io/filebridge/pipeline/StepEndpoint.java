package io.filebridge.pipeline;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Component;
import org.apache.camel.Consumer;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultAsyncProducer;
import org.apache.camel.support.DefaultEndpoint;

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
    private final Executor workers;

    /** @param workers where the work runs ({@link StepWorkers}); the sender's thread goes on meanwhile */
    public StepEndpoint(String uri, Component component, Executor workers, Work work) {
        super(uri, component);
        this.workers = workers;
        this.work = work;
    }

    @Override
    public Producer createProducer() {
        return new DefaultAsyncProducer(this) {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                try {
                    workers.execute(() -> {
                        try {
                            work.run(exchange);
                        } catch (Exception e) {
                            exchange.setException(e);
                        } finally {
                            callback.done(false); // the rest of the route goes on in this worker
                        }
                    });
                    return false;
                } catch (RejectedExecutionException e) {
                    exchange.setException(e); // stopping: the intake leaves the file for the next start
                    callback.done(true);
                    return true;
                }
            }
        };
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new UnsupportedOperationException(getEndpointUri() + " is a step to send files to, not a source");
    }
}
