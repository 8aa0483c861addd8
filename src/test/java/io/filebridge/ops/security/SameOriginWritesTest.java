package io.filebridge.ops.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Cross-site browser writes to /api are refused; same-origin ones, reads and non-browser clients pass. */
class SameOriginWritesTest {

    @Test
    void aCrossSiteBrowserWriteIsRefused() throws Exception {
        assertThat(status("POST", "/api/jobs/1/retry", "Sec-Fetch-Site", "cross-site")).isEqualTo(403);
        assertThat(status("POST", "/api/jobs/1/retry", "Sec-Fetch-Site", "same-site")).isEqualTo(403);
        assertThat(status("POST", "/api/jobs/1/retry", "Origin", "http://evil.example")).isEqualTo(403);
        assertThat(status("POST", "/api/jobs/1/retry", "Origin", "http://localhost:9999")).isEqualTo(403);
        assertThat(status("POST", "/api/jobs/1/retry", "Origin", "null")).isEqualTo(403);
        assertThat(status("POST", "/actuator/loggers/x", "Origin", "http://evil.example")).isEqualTo(403);
    }

    @Test
    void sameOriginWritesReadsAndScriptsPass() throws Exception {
        assertThat(status("POST", "/api/jobs/1/retry", "Sec-Fetch-Site", "same-origin")).isEqualTo(200);
        assertThat(status("POST", "/api/jobs/1/retry", "Origin", "http://localhost:8080")).isEqualTo(200);
        assertThat(status("POST", "/api/jobs/1/retry", "X-Nothing", "curl")).isEqualTo(200);
        assertThat(status("GET", "/api/jobs", "Sec-Fetch-Site", "cross-site")).isEqualTo(200);
        assertThat(status("POST", "/callbacks/phrase/t", "Origin", "http://vendor.example")).isEqualTo(200);
    }

    private static int status(String method, String path, String header, String value) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.setServerName("localhost");
        request.setServerPort(8080);
        request.addHeader(header, value);
        MockHttpServletResponse response = new MockHttpServletResponse();
        new SameOriginWrites().doFilter(request, response, new MockFilterChain());
        return response.getStatus();
    }
}
