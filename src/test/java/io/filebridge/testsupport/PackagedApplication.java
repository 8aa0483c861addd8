package io.filebridge.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The packaged application as a user starts it: {@code bin/filebridge}, which runs the extracted application in
 * {@code target/filebridge/} with its class data sharing archive and the launcher's JVM options (both made by
 * {@code ./mvnw package}). Tests that start filebridge as a process (the fault suite, benchmarks) build their
 * process here, so they run what users run, and the JVM options live only in the launcher.
 */
public final class PackagedApplication {

    private final Path launcher;
    private final Path home;

    private PackagedApplication(Path launcher, Path home) {
        this.launcher = launcher.toAbsolutePath().normalize();
        this.home = home.toAbsolutePath().normalize();
    }

    /**
     * This build's application: {@code bin/filebridge} and {@code target/filebridge/} below the project root (the
     * tests' working directory); the system properties {@code filebridge.launcher} and {@code filebridge.home} name
     * others (e.g. another build's).
     */
    public static PackagedApplication ofThisBuild() {
        return at(Path.of(System.getProperty("filebridge.launcher", "bin/filebridge")),
                Path.of(System.getProperty("filebridge.home", "target/filebridge")));
    }

    /** The launcher script and the extracted application it runs ({@code FILEBRIDGE_HOME}). */
    public static PackagedApplication at(Path launcher, Path home) {
        return new PackagedApplication(launcher, home);
    }

    /** Throws, saying how to build it, unless the extracted application is there. */
    public PackagedApplication requireBuilt() {
        if (!Files.isRegularFile(home.resolve("filebridge.jar"))) {
            throw new IllegalStateException("no packaged application at " + home
                    + ": it is made by `package` (./mvnw verify runs it first, or ./mvnw package)");
        }
        return this;
    }

    /** The extracted application's folder. */
    public Path home() {
        return home;
    }

    /**
     * A process that starts filebridge with these application arguments, plus these JVM options after the
     * launcher's defaults (so they win, e.g. {@code -Xmx256m}; no spaces inside an option). The caller sets the
     * working directory (it holds {@code config/} and {@code routes/}), redirects and any further environment. The
     * process's pid is the JVM's: the launcher execs it, so {@code destroy}/{@code destroyForcibly} reach the JVM.
     */
    public ProcessBuilder processBuilder(List<String> jvmOptions, List<String> arguments) {
        ProcessBuilder builder = new ProcessBuilder(command(arguments));
        builder.environment().putAll(environment(jvmOptions));
        return builder;
    }

    /** The command line: the launcher and the application arguments. */
    public List<String> command(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(launcher.toString());
        command.addAll(arguments);
        return command;
    }

    /** The environment the launcher reads, for {@code jvmOptions} added to its defaults. */
    public Map<String, String> environment(List<String> jvmOptions) {
        for (String option : jvmOptions) {
            if (option.isBlank() || option.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("JAVA_OPTS splits on spaces: '" + option + "'");
            }
        }
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("FILEBRIDGE_HOME", home.toString());
        // the JDK running the tests made the archive (the build's JDK); another JDK could not use it
        environment.put("JAVA_HOME", System.getProperty("java.home"));
        environment.put("JAVA_OPTS", String.join(" ", jvmOptions));
        // Java 17 takes the file-name encoding from the locale: the app needs UTF-8 like the README says
        environment.put("LANG", "C.UTF-8");
        environment.put("LC_ALL", "C.UTF-8");
        return environment;
    }
}
