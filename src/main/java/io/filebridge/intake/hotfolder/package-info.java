/**
 * Hot folders: filebridge's {@code file:} component, which keeps Camel's file consumer and producer and adds what a
 * file's journey needs to survive faults: refusing links, special files and unusable names; reporting every failure
 * beside the failed input; archives that never replace each other; waiting out ledger outages; flushed writes.
 */
package io.filebridge.intake.hotfolder;
