package io.filebridge.ops.security;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.function.Supplier;

import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;

/**
 * Access without a password: granted only to requests whose remote address is a loopback address (127.0.0.0/8,
 * ::1), i.e. from the same machine. Behind a reverse proxy on the same host every request looks local, which is
 * why the README says to set a password there.
 */
final class LoopbackOnly implements AuthorizationManager<RequestAuthorizationContext> {

    @Override
    public AuthorizationDecision check(Supplier<Authentication> authentication, RequestAuthorizationContext context) {
        return new AuthorizationDecision(isLoopback(context.getRequest().getRemoteAddr()));
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
