package io.filebridge.ops.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code filebridge.ops.*}: the operator's login ({@link OpsSecurity}).
 *
 * @param username The operator for the ops API ({@code /api}), the status page ({@code /}) and the actuator: HTTP
 *                 Basic with this user and {@code password}. Blank means {@code ops}.
 * @param password The operator's password, from the environment ({@code FILEBRIDGE_OPS_PASSWORD}); never write it in
 *                 a config file. Blank (the default): no login, and the ops API, the status page and the actuator
 *                 answer only to requests from this machine (loopback). Health probes and {@code /callbacks/**} are
 *                 always open (see docs/operations/access.md).
 */
@ConfigurationProperties("filebridge.ops")
public record OpsSettings(@DefaultValue("ops") String username, String password) {
}
