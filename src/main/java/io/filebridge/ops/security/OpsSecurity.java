package io.filebridge.ops.security;

import java.nio.charset.StandardCharsets;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * Who may use the ops API, the status page and the actuator: the operator, role {@value #OPERATOR_ROLE}. With
 * {@code filebridge.ops.password} set, that is whoever logs in with HTTP Basic as {@code filebridge.ops.username}.
 * Without, every request from this machine (loopback) is the operator, with no login ({@link LoopbackOperator}).
 * Open to anyone: the health probes, which show their details only to the operator
 * ({@code management.endpoint.health.show-details: when-authorized}).
 *
 * <p>The vendor paths ({@code /callbacks/**}, authenticated by their own secret tokens, and the sandbox emulators
 * {@code /sandbox/**}, only present with the sandbox profile) have a chain of their own, ahead of the operator's,
 * with no HTTP Basic at all: vendors send their own {@code Authorization} headers there (the Sendcloud emulator's
 * Basic public and secret key), which must reach the controller instead of failing as an operator login.
 *
 * <p>Defining the {@link UserDetailsService} ourselves also keeps Spring Boot from generating a password and
 * logging it. The password itself is never logged.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(OpsSettings.class)
public class OpsSecurity {

    private static final Logger log = LoggerFactory.getLogger(OpsSecurity.class);

    /** The operator's role, also named by {@code management.endpoint.health.roles} in config/application.yml. */
    static final String OPERATOR_ROLE = "OPS";

    /** Called by vendors (and the sandbox's emulated vendors), each checking its own credentials. */
    static final String[] VENDOR_PATHS = {"/callbacks/**", "/sandbox/**"};

    static final String[] ALWAYS_OPEN = {"/actuator/health", "/actuator/health/liveness",
        "/actuator/health/readiness", "/error"};

    private final String username;
    private final String password;

    public OpsSecurity(OpsSettings settings) {
        String username = settings.username();
        String password = settings.password();
        this.username = username == null || username.isBlank() ? "ops" : username.strip();
        this.password = password == null ? "" : password;
    }

    boolean passwordSet() {
        return !password.isBlank();
    }

    /** First, so the operator's chain (which matches every request) never sees a vendor's request. */
    @Bean
    @Order(1)
    SecurityFilterChain vendorFilterChain(HttpSecurity http) throws Exception {
        http.securityMatcher(VENDOR_PATHS);
        http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll());
        http.httpBasic(b -> b.disable());
        // vendors post from their own servers, with no session and no browser
        http.csrf(csrf -> csrf.disable());
        http.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        http.requestCache(cache -> cache.disable());
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain opsFilterChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> {
            requests.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
            requests.requestMatchers(ALWAYS_OPEN).permitAll();
            requests.anyRequest().hasRole(OPERATOR_ROLE);
        });
        // no session, so no CSRF token to fetch: writes are guarded by SameOriginWrites instead
        http.csrf(csrf -> csrf.ignoringRequestMatchers("/api/**", "/actuator/**"));
        http.addFilterBefore(new SameOriginWrites(), BasicAuthenticationFilter.class);
        http.sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
        http.requestCache(cache -> cache.disable());
        if (passwordSet()) {
            BasicAuthenticationEntryPoint basic = new BasicAuthenticationEntryPoint();
            basic.setRealmName("filebridge");
            http.httpBasic(b -> b.authenticationEntryPoint(basic));
            http.exceptionHandling(e -> e.authenticationEntryPoint(basic).accessDeniedHandler(denied()));
            log.info("Ops access: HTTP Basic as '{}' (password from filebridge.ops.password)", username);
        } else {
            http.httpBasic(b -> b.disable());
            http.addFilterBefore(new LoopbackOperator(), AnonymousAuthenticationFilter.class);
            http.exceptionHandling(e -> e.authenticationEntryPoint(refused()).accessDeniedHandler(denied()));
            log.info("Ops access: no password set (FILEBRIDGE_OPS_PASSWORD), so the API, the status page and the"
                    + " actuator answer only to requests from this machine (loopback)");
        }
        return http.build();
    }

    @Bean
    UserDetailsService opsUsers(PasswordEncoder encoder) {
        if (!passwordSet()) {
            return new InMemoryUserDetailsManager();
        }
        return new InMemoryUserDetailsManager(User.withUsername(username).password(encoder.encode(password))
                .roles(OPERATOR_ROLE).build());
    }

    @Bean
    PasswordEncoder opsPasswordEncoder() {
        return new ConstantTimePasswordEncoder();
    }

    /** Loopback mode: a request from elsewhere is refused with 403 and a message saying how to get in. */
    private static AuthenticationEntryPoint refused() {
        return (request, response, e) -> json(response, HttpServletResponse.SC_FORBIDDEN, "only requests from this"
                + " machine are answered while no password is set; set FILEBRIDGE_OPS_PASSWORD to allow remote"
                + " access with HTTP Basic");
    }

    private static AccessDeniedHandler denied() {
        return (request, response, e) -> json(response, HttpServletResponse.SC_FORBIDDEN, "access denied");
    }

    private static void json(HttpServletResponse response, int status, String message) throws java.io.IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"error\":\"" + message.replace("\"", "'") + "\"}");
    }
}
