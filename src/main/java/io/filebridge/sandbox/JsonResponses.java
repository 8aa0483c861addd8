package io.filebridge.sandbox;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/** Error and receipt bodies the way vendors send them: JSON with an explicit content type, whatever Accept said. */
public final class JsonResponses {

    private JsonResponses() {
    }

    public static ResponseEntity<Object> json(int status, Object body) {
        return json(status, body, new HttpHeaders());
    }

    public static ResponseEntity<Object> json(int status, Object body, HttpHeaders headers) {
        return ResponseEntity.status(HttpStatusCode.valueOf(status))
                .headers(headers)
                .contentType(MediaType.APPLICATION_JSON)
                .body(body);
    }

    public static HttpHeaders retryAfter(Duration delay) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, Long.toString(delay.toSeconds()));
        return headers;
    }

    /** RFC 6749 section 5.2 error; token responses must not be cached (section 5.1). */
    public static ResponseEntity<Object> oauthError(int status, String error, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        if (description != null) {
            body.put("error_description", description);
        }
        HttpHeaders headers = new HttpHeaders();
        headers.setCacheControl(CacheControl.noStore());
        if (status == 401) {
            headers.set(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"oauth2\"");
        }
        return json(status, body, headers);
    }
}
