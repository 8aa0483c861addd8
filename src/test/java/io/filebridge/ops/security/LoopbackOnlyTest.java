package io.filebridge.ops.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/** The no-password rule: only the loopback addresses get in, whatever else a request claims. */
class LoopbackOnlyTest {

    private final LoopbackOnly rule = new LoopbackOnly();

    @Test
    void loopbackAddressesAreGranted() {
        for (String address : new String[] {"127.0.0.1", "127.8.9.10", "::1", "0:0:0:0:0:0:0:1", "[::1]"}) {
            assertThat(granted(address, null)).as(address).isTrue();
        }
    }

    @Test
    void everyOtherAddressIsRefused() {
        for (String address : new String[] {"10.1.2.3", "192.168.0.7", "172.17.0.1", "2001:db8::1", "::ffff:10.0.0.1",
            "0.0.0.0", "", "localhost", "example.com"}) {
            assertThat(granted(address, null)).as(address).isFalse();
        }
    }

    @Test
    void forwardedHeadersDoNotMakeARemoteRequestLocal() {
        assertThat(granted("10.1.2.3", "127.0.0.1")).isFalse();
    }

    private boolean granted(String remoteAddress, String forwardedFor) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/jobs");
        request.setRemoteAddr(remoteAddress);
        if (forwardedFor != null) {
            request.addHeader("X-Forwarded-For", forwardedFor);
        }
        return rule.check(() -> null, new RequestAuthorizationContext(request)).isGranted();
    }
}
