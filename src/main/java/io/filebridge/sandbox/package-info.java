/**
 * Local emulators of the vendor upload APIs, served by the filebridge web server when the {@code sandbox} profile
 * is active, so that pipelines can be tried and dry-run without vendor accounts. Shared pieces live here (fault
 * markers, rate limiter, multipart helpers, received-upload log, bearer tokens); each vendor has one controller in
 * its own sub-package.
 */
package io.filebridge.sandbox;
