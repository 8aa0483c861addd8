package io.filebridge.connector.phrase;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import io.filebridge.connector.HttpAnswer;
import io.filebridge.connector.HttpCall;
import io.filebridge.connector.HttpTransport;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/** Answers from a script and keeps what was sent, body as text. */
final class RecordingTransport implements HttpTransport {

    record Sent(HttpCall call, String contentType, String body) {
    }

    final List<Sent> sent = new ArrayList<>();
    private final Deque<Object> script = new ArrayDeque<>();

    RecordingTransport answer(int status, String body) {
        script.add(new HttpAnswer(status, Map.of("Content-Type", "application/json"), body));
        return this;
    }

    RecordingTransport fail(IOException e) {
        script.add(e);
        return this;
    }

    @Override
    public HttpAnswer send(HttpCall call) throws IOException {
        HttpEntity entity = call.body() == null ? null : call.body().get();
        try {
            sent.add(new Sent(call, entity == null ? null : entity.getContentType(),
                    entity == null ? null : EntityUtils.toString(entity)));
        } catch (org.apache.hc.core5.http.ParseException e) {
            throw new IOException(e);
        }
        Object next = script.poll();
        if (next instanceof IOException e) {
            throw e;
        }
        if (next == null) {
            throw new AssertionError("no scripted answer left for " + call.uri());
        }
        return (HttpAnswer) next;
    }
}
