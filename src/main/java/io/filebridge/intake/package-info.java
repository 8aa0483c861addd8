/**
 * Hot-folder intake: picking up files from watched folders only once their writers are done with them.
 */
package io.filebridge.intake;
