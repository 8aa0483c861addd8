package io.filebridge.ops.security;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * CSRF is off for /api (Basic-auth clients and the page's same-origin fetches), so this stands in for it: a
 * browser's cross-site write to /api (another site's page posting to localhost, riding on loopback access or cached
 * Basic credentials) is refused by its Origin/Sec-Fetch-Site headers. curl and scripts send neither and pass.
 */
final class SameOriginWrites extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")
                || !request.getRequestURI().startsWith(request.getContextPath() + "/api/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (crossSite(request)) {
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            response.setContentType("application/json");
            response.getWriter().write("{\"error\":\"cross-site requests may not change anything; use the status"
                    + " page served by filebridge or a client such as curl\"}");
            return;
        }
        chain.doFilter(request, response);
    }

    static boolean crossSite(HttpServletRequest request) {
        if ("cross-site".equals(request.getHeader("Sec-Fetch-Site"))) {
            return true;
        }
        String origin = request.getHeader("Origin");
        if (origin == null || origin.isBlank()) {
            return false;
        }
        try {
            URI uri = URI.create(origin.strip());
            String host = request.getHeader("Host");
            String originHost = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return host == null || uri.getHost() == null || !(host.equalsIgnoreCase(originHost)
                    || host.equalsIgnoreCase(uri.getHost() + ":" + ("https".equals(uri.getScheme()) ? 443 : 80)));
        } catch (IllegalArgumentException e) {
            return true;
        }
    }
}
