package io.filebridge.ops.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/** The no-password rule: only the loopback addresses are the operator, whatever else a request claims. */
class LoopbackOperatorTest {

    private final LoopbackOperator filter = new LoopbackOperator();

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void loopbackAddressesAreTheOperator() throws Exception {
        for (String address : new String[] {"127.0.0.1", "127.8.9.10", "::1", "0:0:0:0:0:0:0:1", "[::1]"}) {
            Authentication operator = seenBy(address, null);
            assertThat(operator).as(address).isNotNull();
            assertThat(operator.isAuthenticated()).isTrue();
            assertThat(operator.getName()).isEqualTo("local");
            assertThat(operator.getAuthorities()).extracting(GrantedAuthority::getAuthority)
                    .containsExactly("ROLE_OPS");
        }
    }

    @Test
    void everyOtherAddressStaysAnonymous() throws Exception {
        for (String address : new String[] {"10.1.2.3", "192.168.0.7", "172.17.0.1", "2001:db8::1", "::ffff:10.0.0.1",
            "0.0.0.0", "", "localhost", "example.com"}) {
            assertThat(seenBy(address, null)).as(address).isNull();
        }
    }

    @Test
    void forwardedHeadersDoNotMakeARemoteRequestLocal() throws Exception {
        assertThat(seenBy("10.1.2.3", "127.0.0.1")).isNull();
    }

    /** The authentication the rest of the chain sees for a request from this address. */
    private Authentication seenBy(String remoteAddress, String forwardedFor) throws Exception {
        SecurityContextHolder.clearContext();
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/jobs");
        request.setRemoteAddr(remoteAddress);
        if (forwardedFor != null) {
            request.addHeader("X-Forwarded-For", forwardedFor);
        }
        AtomicReference<Authentication> seen = new AtomicReference<>();
        filter.doFilter(request, new MockHttpServletResponse(),
                (req, res) -> seen.set(SecurityContextHolder.getContext().getAuthentication()));
        return seen.get();
    }
}
