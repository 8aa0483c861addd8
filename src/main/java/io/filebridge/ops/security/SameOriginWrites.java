package io.filebridge.ops.security;

import java.io.IOException;
import java.net.URI;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * CSRF tokens are off for /api and /actuator (Basic-auth clients, scripts and the page's same-origin fetches), so
 * this stands in for them: a browser's cross-site write there (another site's page posting to localhost, riding on
 * loopback access or cached Basic credentials) is refused by its Sec-Fetch-Site/Origin headers. curl and scripts
 * send neither and pass.
 */
final class SameOriginWrites extends OncePerRequestFilter {

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")
                || !(path.startsWith("/api/") || path.startsWith("/actuator/"));
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

    /**
     * Browsers say where a request comes from in Sec-Fetch-Site (all current ones) and Origin. Sec-Fetch-Site wins
     * when present, so a reverse proxy that rewrites Host does not break the page; otherwise the Origin must name
     * this server as the request reached it (forwarded headers included, when Spring is told to use them).
     */
    static boolean crossSite(HttpServletRequest request) {
        String fetchSite = request.getHeader("Sec-Fetch-Site");
        if (fetchSite != null && !fetchSite.isBlank()) {
            return !(fetchSite.equals("same-origin") || fetchSite.equals("none"));
        }
        String origin = request.getHeader("Origin");
        if (origin == null || origin.isBlank()) {
            return false;
        }
        try {
            URI uri = URI.create(origin.strip());
            int port = uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            return uri.getHost() == null || !uri.getHost().equalsIgnoreCase(request.getServerName())
                    || port != request.getServerPort();
        } catch (IllegalArgumentException e) {
            return true;
        }
    }
}
