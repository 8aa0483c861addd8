/**
 * Vendor-neutral machinery of the emulators: a loopback JDK HTTP server with routes, contract violations, recorded
 * requests and scripted faults ({@link io.filebridge.sandbox.emulator.EmulatorServer}), the upload checks every vendor
 * shares, file-name markers, and a streaming multipart parser. Each vendor package ({@code sandbox.sendcloud}, ...)
 * adds the same three parts: its emulator (routes and contract checks), its error bodies, its upload record.
 */
package io.filebridge.sandbox.emulator;
