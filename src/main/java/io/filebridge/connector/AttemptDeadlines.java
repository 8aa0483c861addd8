package io.filebridge.connector;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.concurrent.Cancellable;
import org.apache.hc.core5.http.HttpEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Enforces {@link HttpAttemptSettings}' time limit on the vendor HTTP client. Neither HttpClient 5 nor Camel's http
 * component has a limit on a whole request (HttpClient's maintainers declined one, HTTPCLIENT-1074), but a classic
 * HttpClient request can be cancelled from another thread, which closes its connection. Camel builds that request
 * inside its producer, so an interceptor at the head of HttpClient's execution chain (installed on the vendor endpoint
 * as its {@code httpClientConfigurer}) hands it to the attempt that {@link CamelHttpTransport} started on the same
 * thread: the classic client runs the whole exchange on the calling thread. One scheduler thread cancels the attempts
 * whose limit ran out.
 */
@Component(AttemptDeadlines.BEAN)
public class AttemptDeadlines implements HttpClientConfigurer, DisposableBean {

    /** The name the vendor endpoint looks this bean up by; outside Spring, bind an instance under it. */
    public static final String BEAN = "attemptDeadlines";

    private static final Logger log = LoggerFactory.getLogger(AttemptDeadlines.class);

    private final HttpAttemptSettings settings;
    private volatile boolean warned;
    private final ThreadLocal<AttemptProgress> current = new ThreadLocal<>();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "filebridge-attempt-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    public AttemptDeadlines(HttpAttemptSettings settings) {
        this.settings = settings;
    }

    /** Starts the clock of an attempt on this thread, sending {@code body} (null: none); close it when it is over. */
    AttemptProgress start(HttpEntity body) {
        long length = body == null ? 0 : body.getContentLength();
        AttemptProgress attempt = new AttemptProgress(settings, scheduler, length, current::remove);
        current.set(attempt);
        return attempt;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        builder.addExecInterceptorFirst("filebridge-attempt-deadline", watchingHandler());
    }

    private ExecChainHandler watchingHandler() {
        return (request, scope, chain) -> {
            AttemptProgress attempt = current.get();
            if (attempt == null) {
                return chain.proceed(request, scope);
            }
            if (scope.originalRequest instanceof Cancellable cancellable) {
                attempt.watch(cancellable);
            } else if (!warned) {
                warned = true;
                log.warn("Vendor requests of type {} cannot be cancelled: filebridge.http.attempt-timeout is not"
                        + " enforced, only HttpClient's own timeouts", scope.originalRequest.getClass().getName());
            }
            return attempt.answered(chain.proceed(request, scope));
        };
    }

    @Override
    public void destroy() {
        scheduler.shutdownNow();
    }
}
