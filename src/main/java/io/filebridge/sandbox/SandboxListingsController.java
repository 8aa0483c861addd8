package io.filebridge.sandbox;

import io.filebridge.sandbox.emulator.EmulatorServer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What the sandbox's emulators received, on the main port for a person to look at (the emulators' own ports speak
 * only their vendor's API): {@code GET /sandbox/<vendor>/uploads}, newest first, and
 * {@code GET /sandbox/<vendor>/violations}, the contract violations filebridge committed, newest first; for Phrase
 * also its Language AI jobs, {@code GET /sandbox/phrase/translations}, and {@code DELETE
 * /sandbox/phrase/translations/{uid}} to expire one before its TTL.
 */
@RestController
@Profile(SandboxConfiguration.PROFILE)
@RequestMapping("/sandbox")
public class SandboxListingsController {

    private final SandboxEmulators emulators;

    public SandboxListingsController(SandboxEmulators emulators) {
        this.emulators = emulators;
    }

    @GetMapping("/sendcloud/uploads")
    public List<?> sendcloudUploads() {
        return newestFirst(emulators.sendcloud.uploads());
    }

    @GetMapping("/serial/uploads")
    public List<?> serialUploads() {
        return newestFirst(emulators.serial.uploads());
    }

    @GetMapping("/aymara/uploads")
    public List<?> aymaraUploads() {
        return newestFirst(emulators.aymara.uploads());
    }

    @GetMapping("/aymara/uploads/{fileUuid}")
    public ResponseEntity<?> aymaraUpload(@PathVariable String fileUuid) {
        return ResponseEntity.of(emulators.aymara.uploads().stream()
                .filter(upload -> upload.fileUuid().equals(fileUuid)).findFirst());
    }

    @GetMapping("/phrase/uploads")
    public List<?> phraseUploads() {
        return newestFirst(emulators.phrase.uploads());
    }

    /** Language AI jobs, newest first, with their results as they stand now. */
    @GetMapping("/phrase/translations")
    public List<Map<String, Object>> phraseTranslations() {
        return emulators.phrase.languageAi().translations();
    }

    /** Expires a Language AI job before its TTL: it is forgotten and its file deleted. */
    @DeleteMapping("/phrase/translations/{uid}")
    public ResponseEntity<Void> expirePhraseTranslation(@PathVariable String uid) {
        return emulators.phrase.languageAi().expire(uid) ? ResponseEntity.noContent().build()
                : ResponseEntity.notFound().build();
    }

    @GetMapping("/{vendor:sendcloud|serial|aymara|phrase}/violations")
    public ResponseEntity<List<String>> violations(@PathVariable String vendor) {
        return ResponseEntity.of(Optional.ofNullable(emulators.byName().get(vendor))
                .map(EmulatorServer::violations).map(SandboxListingsController::newestFirst));
    }

    private static <T> List<T> newestFirst(List<T> oldestFirst) {
        List<T> newestFirst = new ArrayList<>(oldestFirst);
        Collections.reverse(newestFirst);
        return newestFirst;
    }
}
