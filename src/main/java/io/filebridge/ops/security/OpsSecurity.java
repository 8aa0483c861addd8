package io.filebridge.ops.security;

import java.nio.charset.StandardCharsets;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;

/**
 * Who may use the ops API, the status page and the actuator. With {@code filebridge.ops.password} set: HTTP Basic
 * as {@code filebridge.ops.username}. Without: requests from this machine only (loopback), no login. Always open:
 * the health probes, the vendor callbacks ({@code /callbacks/**}, authenticated by their own secret tokens) and the
 * sandbox emulators ({@code /sandbox/**}, only present with the sandbox profile).
 *
 * <p>Defining the {@link UserDetailsService} ourselves also keeps Spring Boot from generating a password and
 * logging it. The password itself is never logged.
 */
@Configuration(proxyBeanMethods = false)
public class OpsSecurity {

    private static final Logger log = LoggerFactory.getLogger(OpsSecurity.class);

    static final String[] ALWAYS_OPEN = {"/actuator/health", "/actuator/health/liveness",
        "/actuator/health/readiness", "/callbacks/**", "/sandbox/**", "/error"};

    private final String username;
    private final String password;

    public OpsSecurity(@Value("${filebridge.ops.username:ops}") String username,
            @Value("${filebridge.ops.password:}") String password) {
        this.username = username == null || username.isBlank() ? "ops" : username.strip();
        this.password = password == null ? "" : password;
    }

    boolean passwordSet() {
        return !password.isBlank();
    }

    @Bean
    SecurityFilterChain opsFilterChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(requests -> {
            requests.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
            requests.requestMatchers(ALWAYS_OPEN).permitAll();
            if (passwordSet()) {
                requests.anyRequest().authenticated();
            } else {
                requests.anyRequest().access(new LoopbackOnly());
            }
        });
        // no session, so no CSRF token to fetch: writes are guarded by SameOriginWrites instead (vendors post to
        // /callbacks and /sandbox from their own servers)
        http.csrf(csrf -> csrf.ignoringRequestMatchers("/api/**", "/actuator/**", "/callbacks/**", "/sandbox/**"));
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
                .roles("OPS").build());
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
