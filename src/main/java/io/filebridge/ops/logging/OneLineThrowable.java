package io.filebridge.ops.logging;

import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;

/**
 * A logged exception as a plain-text line shows it: its frames keep their own lines, but its message (which often
 * quotes a file name, e.g. {@code NoSuchFileException: <path>}) and those of its causes are {@link OneLine}-escaped,
 * so an exception cannot smuggle a forged log line in either.
 */
final class OneLineThrowable implements IThrowableProxy {

    private final IThrowableProxy delegate;

    private OneLineThrowable(IThrowableProxy delegate) {
        this.delegate = delegate;
    }

    static IThrowableProxy of(IThrowableProxy proxy) {
        return proxy == null || proxy instanceof OneLineThrowable ? proxy : new OneLineThrowable(proxy);
    }

    @Override
    public String getMessage() {
        return OneLine.escape(delegate.getMessage());
    }

    @Override
    public String getOverridingMessage() {
        return OneLine.escape(delegate.getOverridingMessage());
    }

    @Override
    public String getClassName() {
        return OneLine.escape(delegate.getClassName());
    }

    @Override
    public StackTraceElementProxy[] getStackTraceElementProxyArray() {
        return delegate.getStackTraceElementProxyArray();
    }

    @Override
    public int getCommonFrames() {
        return delegate.getCommonFrames();
    }

    /** Wrapped when asked for, so a cyclic cause chain (which logback marks, not follows) costs nothing here. */
    @Override
    public IThrowableProxy getCause() {
        return of(delegate.getCause());
    }

    @Override
    public IThrowableProxy[] getSuppressed() {
        IThrowableProxy[] suppressed = delegate.getSuppressed();
        if (suppressed == null) {
            return null;
        }
        IThrowableProxy[] wrapped = new IThrowableProxy[suppressed.length];
        for (int i = 0; i < suppressed.length; i++) {
            wrapped[i] = of(suppressed[i]);
        }
        return wrapped;
    }

    @Override
    public boolean isCyclic() {
        return delegate.isCyclic();
    }
}
