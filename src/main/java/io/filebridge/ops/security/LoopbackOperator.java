package io.filebridge.ops.security;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;

/**
 * Access without a password: a request whose remote address is a loopback address (127.0.0.0/8, ::1), i.e. from
 * the same machine, is the operator, with the same role a Basic login gets. So the access rules and the actuator's
 * "details only when authorized" treat it exactly as a logged-in operator, and anything else stays anonymous
 * (refused by the API, status only from health). Behind a reverse proxy on the same host every request looks
 * local, which is why the README says to set a password there.
 *
 * <p>A plain filter rather than a once-per-request one: an error dispatch of the same request must see the same
 * operator.
 */
final class LoopbackOperator implements Filter {

    /** The name the operator goes by in logs ("paused by operator 'local'"): no login, so no user name. */
    static final String NAME = "local";

    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (isLoopback(request.getRemoteAddr())) {
            SecurityContext context = contexts.createEmptyContext();
            context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(NAME, null,
                    AuthorityUtils.createAuthorityList("ROLE_" + OpsSecurity.OPERATOR_ROLE)));
            contexts.setContext(context);
        }
        chain.doFilter(request, response);
    }

    /** Only IP literals count (the servlet container hands over the peer's address; no name is ever looked up). */
    static boolean isLoopback(String address) {
        if (address == null || address.isBlank() || !address.matches("[0-9a-fA-F:.\\[\\]%a-zA-Z]+")
                || !(address.contains(":") || address.matches("[0-9.]+"))) {
            return false;
        }
        try {
            String literal = address.startsWith("[") && address.endsWith("]")
                    ? address.substring(1, address.length() - 1) : address;
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
