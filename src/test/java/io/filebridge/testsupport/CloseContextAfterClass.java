package io.filebridge.testsupport;

import org.springframework.core.Ordered;
import org.springframework.test.annotation.DirtiesContext.HierarchyMode;
import org.springframework.test.context.TestContext;
import org.springframework.test.context.support.AbstractTestExecutionListener;

/**
 * Closes every test class's application context when the class is done, as {@code @DirtiesContext} would.
 *
 * <p>Why: the test classes start their own vendor emulators and S3 servers on free ports and stop them when they
 * end, and almost every class binds its context to those ports, so contexts are never shared anyway. A cached
 * context kept running: its pollers went on calling a stopped server's port, which a later class's emulator could
 * be given, and recorded those calls as contract violations (and the idle contexts cost CPU for the whole run).
 * Registered for every test in {@code META-INF/spring.factories}.
 */
public class CloseContextAfterClass extends AbstractTestExecutionListener {

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void afterTestClass(TestContext testContext) {
        if (testContext.hasApplicationContext()) {
            testContext.markApplicationContextDirty(HierarchyMode.EXHAUSTIVE);
        }
    }
}
