package io.filebridge.ops.logging;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggerContextVO;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/**
 * A log event as a plain-text encoder may print it: every text that can carry outside data (the message and its
 * arguments, MDC values, key-value pairs, the thread name, an exception's messages) is {@link OneLine}-escaped, so
 * the event is one line whatever a file name holds; only an exception's stack frames add lines of their own. The
 * event itself is left as it was, for the other appenders.
 */
final class OneLineEvent implements ILoggingEvent {

    private final ILoggingEvent delegate;

    OneLineEvent(ILoggingEvent delegate) {
        this.delegate = delegate;
    }

    @Override
    public String getFormattedMessage() {
        return OneLine.escape(delegate.getFormattedMessage());
    }

    @Override
    public String getMessage() {
        return OneLine.escape(delegate.getMessage());
    }

    @Override
    public Object[] getArgumentArray() {
        Object[] arguments = delegate.getArgumentArray();
        if (arguments == null) {
            return null;
        }
        Object[] escaped = arguments.clone();
        for (int i = 0; i < escaped.length; i++) {
            if (escaped[i] instanceof String text) {
                escaped[i] = OneLine.escape(text);
            }
        }
        return escaped;
    }

    @Override
    public Map<String, String> getMDCPropertyMap() {
        Map<String, String> mdc = delegate.getMDCPropertyMap();
        if (mdc == null || mdc.isEmpty()) {
            return mdc;
        }
        Map<String, String> escaped = new LinkedHashMap<>();
        mdc.forEach((key, value) -> escaped.put(OneLine.escape(key), OneLine.escape(value)));
        return escaped;
    }

    @Override
    @Deprecated
    public Map<String, String> getMdc() {
        return getMDCPropertyMap();
    }

    @Override
    public List<KeyValuePair> getKeyValuePairs() {
        List<KeyValuePair> pairs = delegate.getKeyValuePairs();
        if (pairs == null || pairs.isEmpty()) {
            return pairs;
        }
        return pairs.stream().map(pair -> new KeyValuePair(OneLine.escape(pair.key),
                pair.value == null ? null : OneLine.escape(String.valueOf(pair.value)))).toList();
    }

    @Override
    public String getThreadName() {
        return OneLine.escape(delegate.getThreadName());
    }

    @Override
    public String getLoggerName() {
        return OneLine.escape(delegate.getLoggerName());
    }

    @Override
    public IThrowableProxy getThrowableProxy() {
        return OneLineThrowable.of(delegate.getThrowableProxy());
    }

    @Override
    public Level getLevel() {
        return delegate.getLevel();
    }

    @Override
    public LoggerContextVO getLoggerContextVO() {
        return delegate.getLoggerContextVO();
    }

    @Override
    public StackTraceElement[] getCallerData() {
        return delegate.getCallerData();
    }

    @Override
    public boolean hasCallerData() {
        return delegate.hasCallerData();
    }

    @Override
    @Deprecated
    public Marker getMarker() {
        return delegate.getMarker();
    }

    @Override
    public List<Marker> getMarkerList() {
        return delegate.getMarkerList();
    }

    @Override
    public long getTimeStamp() {
        return delegate.getTimeStamp();
    }

    @Override
    public int getNanoseconds() {
        return delegate.getNanoseconds();
    }

    @Override
    public Instant getInstant() {
        return delegate.getInstant();
    }

    @Override
    public long getSequenceNumber() {
        return delegate.getSequenceNumber();
    }

    @Override
    public void prepareForDeferredProcessing() {
        delegate.prepareForDeferredProcessing();
    }
}
