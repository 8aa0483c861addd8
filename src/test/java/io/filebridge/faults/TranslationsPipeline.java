package io.filebridge.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.filebridge.testsupport.HotFolder;
import io.filebridge.sandbox.phrase.PhraseEmulator;
import io.filebridge.sandbox.phrase.PhraseLanguageAi;

/**
 * Hot folder to Phrase Language AI (routes/translations.camel.yaml): outputs for cs and de under
 * {@code data/outbox/translations/<lang>/<path>}, submission receipts under {@code data/outbox/translation-receipts}.
 */
final class TranslationsPipeline extends HotFolderPipeline {

    static final List<String> LANGUAGES = List.of("cs", "de");
    private static final String ACTION = "MT_GENERIC_PRETRANSLATE";

    private final PhraseEmulator phrase;
    private final Path outputs;

    TranslationsPipeline(Path dataDir, PhraseEmulator phrase) {
        super("translations", "faults-translations", "translations.camel.yaml", dataDir, "translation-receipts");
        this.phrase = phrase;
        this.outputs = dataDir.resolve("outbox").resolve("translations");
    }

    @Override
    Map<String, List<String>> issuedIds() {
        return phrase.languageAi().jobs().stream().collect(Collectors.groupingBy(job -> HotFolder.sha256(
                job.content()), Collectors.mapping(PhraseLanguageAi.Job::uid, Collectors.toList())));
    }

    private Path output(Input input, String language) {
        return input.under(outputs.resolve(language));
    }

    private Path languageReport(Input input, String language) {
        return input.under(outputs.resolve(language), ".error.json");
    }

    @Override
    boolean outputsSettled(Input input) {
        return !archived(input) || LANGUAGES.stream().allMatch(language -> Files.exists(output(input, language))
                || Files.exists(languageReport(input, language)));
    }

    @Override
    boolean hasOtherFailureReport(Input input) {
        return LANGUAGES.stream().anyMatch(language -> Files.exists(languageReport(input, language)));
    }

    /**
     * Every archived input has, per language, its output with exactly the bytes Phrase served (or a report), and no
     * language folder holds a file that is no input's output or report (a duplicate under another name).
     */
    @Override
    List<String> outputProblems(List<Input> inputs) {
        List<String> problems = new ArrayList<>();
        for (String language : LANGUAGES) {
            Set<Path> expected = new HashSet<>();
            for (Input input : inputs) {
                Path output = output(input, language);
                expected.add(output);
                expected.add(languageReport(input, language));
                if (!archived(input)) {
                    continue;
                }
                if (Files.exists(output)) {
                    if (!Arrays.equals(read(output), PhraseLanguageAi.expectedOutput(input.content(), ACTION,
                            language))) {
                        problems.add("output with other bytes than Phrase served: " + output);
                    }
                } else if (!Files.exists(languageReport(input, language))) {
                    problems.add("no " + language + " output and no report for " + input);
                }
            }
            for (Path file : files(outputs.resolve(language))) {
                String fileName = file.getFileName().toString();
                boolean temporary = fileName.startsWith(".");
                if (!temporary && !expected.contains(file)) {
                    problems.add("an output that is no input's (a duplicate under another name?): " + file);
                }
            }
        }
        return problems;
    }

    @Override
    List<Path> writtenFolders() {
        List<Path> folders = super.writtenFolders();
        folders.add(outputs);
        return folders;
    }

    private static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> files(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
