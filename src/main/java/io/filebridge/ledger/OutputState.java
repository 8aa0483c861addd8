package io.filebridge.ledger;

/** An expected output of an asynchronous job: not there yet, written to its target, or failed at the vendor. */
public enum OutputState { PENDING, DELIVERED, FAILED }
