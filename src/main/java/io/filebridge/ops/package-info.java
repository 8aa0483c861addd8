/**
 * Operations: health contributors for Actuator probes ({@code health}), Prometheus metrics fed from the outcome log
 * and the vendor caller ({@code metrics}), and log-line redaction for plain and JSON logs ({@code logging}).
 */
package io.filebridge.ops;
