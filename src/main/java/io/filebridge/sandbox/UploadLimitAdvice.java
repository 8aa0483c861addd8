package io.filebridge.sandbox;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.context.annotation.Profile;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.util.UrlPathHelper;

/**
 * When {@code spring.servlet.multipart.max-file-size} is smaller than an upload, Spring rejects the request before
 * any controller runs; this answers in the emulated vendor's error format instead of Spring's. Requests outside
 * the emulators get the exception back, which leaves them to Spring's default handling.
 */
@RestControllerAdvice
@Profile(SandboxConfiguration.PROFILE)
public class UploadLimitAdvice {

    private final List<VendorEmulator> emulators;

    public UploadLimitAdvice(List<VendorEmulator> emulators) {
        this.emulators = emulators;
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    public ResponseEntity<Object> uploadTooLarge(MaxUploadSizeExceededException exception, HttpServletRequest request)
            throws MaxUploadSizeExceededException {
        String path = UrlPathHelper.defaultInstance.getPathWithinApplication(request);
        return emulators.stream()
                .filter(emulator -> path.startsWith(emulator.basePath() + "/"))
                .findFirst()
                .map(VendorEmulator::uploadTooLarge)
                .orElseThrow(() -> exception);
    }
}
