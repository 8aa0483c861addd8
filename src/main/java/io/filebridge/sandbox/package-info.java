/**
 * The {@code sandbox} profile: local emulators of the vendor APIs, so that pipelines can be tried and dry-run without
 * vendor accounts. Sendcloud, Serial, Aymara and Phrase are the emulators of {@code sandbox.<vendor>} (the same
 * classes the product's tests run against), each on its own loopback port, started by
 * {@link SandboxEmulatorsStarter}; what they received is listed on the main port by
 * {@link SandboxListingsController}. The vendor-neutral machinery (loopback server, contract checks, faults, multipart parser) is {@code sandbox.emulator}.
 */
package io.filebridge.sandbox;
