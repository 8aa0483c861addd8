package io.filebridge.secrets;

import java.util.List;

/** Settings that hold secrets (a vendor's keys, passwords, client secrets), so {@link SecretRedactor} can mask them. */
public interface ConfiguredSecrets {

    /** The secret values that are set, so that they can be masked wherever text leaves the process. */
    List<String> secrets();
}
