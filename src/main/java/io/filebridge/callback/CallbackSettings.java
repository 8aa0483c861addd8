package io.filebridge.callback;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code filebridge.public-url}: where vendors reach filebridge, for {@link CallbackUrls}.
 *
 * @param publicUrl Base of the callback URLs vendors are given (Phrase Connectors: {@code X-Webhook}), as the vendor
 *                  reaches filebridge, e.g. {@code https://filebridge.example.com} (behind a reverse proxy, the
 *                  proxy's URL). filebridge then serves {@code POST {public-url}/callbacks/<vendor>/<token>}. Blank
 *                  (the default): no callbacks are requested.
 */
@ConfigurationProperties("filebridge")
public record CallbackSettings(String publicUrl) {
}
