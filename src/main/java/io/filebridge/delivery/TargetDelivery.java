package io.filebridge.delivery;

import java.nio.file.Path;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.util.URISupport;
import org.springframework.stereotype.Component;

/**
 * Writes an output file to a pipeline's target, a Camel endpoint URI, under a relative name.
 * <ul>
 * <li>{@code file:out/docs}: written under a temporary name and renamed ({@code tempPrefix}), so no reader ever sees
 * half an output; the name is relative to the target folder and Camel keeps it inside it.</li>
 * <li>{@code aws2-s3:bucket?prefix=translated/&...}: put at key {@code <prefix>/<name>} (exactly one {@code /}
 * between them), the body streamed from the file; files of the part size (25 MB by default) or more go up as a
 * multipart upload. An S3 object only becomes visible once complete. The key is checked here as well, so no name
 * can leave the prefix.</li>
 * </ul>
 */
@Component
public class TargetDelivery {

    static final String S3_SCHEME = "aws2-s3:";
    /** Camel's header for the object key; it wins over a {@code keyName} in the URI. */
    static final String S3_KEY_HEADER = "CamelAwsS3Key";

    private final ProducerTemplate producer;

    public TargetDelivery(ProducerTemplate producer) {
        this.producer = producer;
    }

    public void deliver(String targetUri, String relativeName, Path content) {
        boolean s3 = isS3(targetUri);
        String uri;
        String key = null;
        if (s3) {
            key = s3Key(prefixOf(targetUri), relativeName);
            // With multiPartUpload the producer still sends anything under partSize (and empty files) as one
            // PUT; only larger files are split. The aws2-s3 producer reads "prefix" only for listObjects.
            uri = targetUri.contains("multiPartUpload=") ? targetUri
                    : targetUri + (targetUri.contains("?") ? "&" : "?") + "multiPartUpload=true";
        } else {
            uri = targetUri.startsWith("file:") && !targetUri.contains("tempPrefix=")
                    && !targetUri.contains("tempFileName=")
                    ? targetUri + (targetUri.contains("?") ? "&" : "?") + "tempPrefix=.tmp-" : targetUri;
        }
        String objectKey = key;
        Exchange result = producer.send(uri, exchange -> {
            if (s3) {
                exchange.getMessage().setHeader(S3_KEY_HEADER, objectKey);
            } else {
                exchange.getMessage().setHeader(Exchange.FILE_NAME, relativeName);
            }
            // a File body: the file producer moves or copies it, the S3 producer streams it (never a byte[])
            exchange.getMessage().setBody(content.toFile());
        });
        if (result.getException() != null) {
            throw new IllegalStateException("could not write " + relativeName + " to " + redacted(targetUri) + ": "
                    + result.getException().getMessage(), result.getException());
        }
    }

    /**
     * Removes a file written earlier under {@code relativeName}, if it is there (e.g. a failure report a retry makes
     * stale). The same boundaries as {@link #deliver}: a name never reaches outside the folder or the prefix.
     */
    public void remove(String targetUri, String relativeName) {
        if (isS3(targetUri)) {
            String key = s3Key(prefixOf(targetUri), relativeName);
            Exchange result = producer.send(targetUri, exchange -> {
                exchange.getMessage().setHeader(S3_KEY_HEADER, key);
                exchange.getMessage().setHeader("CamelAwsS3Operation", "deleteObject");
            });
            if (result.getException() != null) {
                throw new IllegalStateException("could not remove " + relativeName + " from " + redacted(targetUri)
                        + ": " + result.getException().getMessage(), result.getException());
            }
            return;
        }
        if (!targetUri.startsWith("file:")) {
            throw new IllegalArgumentException("cannot remove from " + redacted(targetUri));
        }
        String folder = targetUri.substring("file:".length()).split("\\?", 2)[0].replaceFirst("^//", "");
        Path root = Path.of(folder).toAbsolutePath().normalize();
        Path file = root.resolve(relativeName).normalize();
        if (!file.startsWith(root) || file.equals(root)) {
            throw new IllegalArgumentException("refusing to remove '" + relativeName + "': it leads outside "
                    + redacted(targetUri));
        }
        try {
            java.nio.file.Files.deleteIfExists(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("could not remove " + file + ": " + e.getMessage(), e);
        }
    }

    /** The targets filebridge can write outputs to: a {@code file:} folder or an {@code aws2-s3:} bucket. */
    public static boolean supported(String targetUri) {
        if (targetUri == null) {
            return false;
        }
        if (targetUri.startsWith("file:")) {
            return true;
        }
        if (isS3(targetUri)) {
            String bucket = targetUri.substring(S3_SCHEME.length()).replaceFirst("^//", "").split("\\?", 2)[0];
            return !bucket.isBlank();
        }
        return false;
    }

    static boolean isS3(String targetUri) {
        return targetUri != null && targetUri.startsWith(S3_SCHEME);
    }

    /** The {@code prefix} parameter of an aws2-s3 URI (decoded, {@code RAW(...)} unwrapped), or "". */
    static String prefixOf(String targetUri) {
        int q = targetUri.indexOf('?');
        if (q < 0) {
            return "";
        }
        try {
            Map<String, Object> params = URISupport.parseQuery(targetUri.substring(q + 1), false);
            Object prefix = params.get("prefix");
            if (prefix == null) {
                return "";
            }
            String value = prefix.toString();
            if (value.startsWith("RAW(") || value.startsWith("RAW{")) {
                URISupport.resolveRawParameterValues(params);
                return params.get("prefix").toString();
            }
            // percent escapes only: a '+' in a key prefix is a plus sign
            return java.net.URLDecoder.decode(value.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("target " + redacted(targetUri) + " has a malformed query: "
                    + e.getMessage(), e);
        }
    }

    /**
     * The object key for an output: the prefix (its trailing slashes dropped) and the name, joined by one slash.
     * The name is already cleaned by the output naming; this is the last line of defence at the S3 boundary.
     */
    static String s3Key(String prefix, String relativeName) {
        refuseUnsafe("output name", relativeName);
        if (relativeName.isEmpty()) {
            throw new IllegalArgumentException("refusing an empty S3 output name");
        }
        String p = prefix == null ? "" : prefix.replaceAll("/+$", "");
        if (!p.isEmpty()) {
            refuseUnsafe("S3 prefix", p);
        }
        return p.isEmpty() ? relativeName : p + "/" + relativeName;
    }

    private static void refuseUnsafe(String what, String value) {
        String problem = null;
        if (value.startsWith("/")) {
            problem = "starts with /";
        } else if (value.indexOf('\\') >= 0) {
            problem = "contains a backslash";
        } else if (value.codePoints().anyMatch(Character::isISOControl)) {
            problem = "contains a control character";
        } else if (!value.isEmpty()) {
            for (String segment : value.split("/", -1)) {
                if (segment.equals("..") || segment.equals(".")) {
                    problem = "contains a '" + segment + "' segment";
                    break;
                }
                if (segment.isEmpty()) {
                    problem = "contains an empty segment (//)";
                    break;
                }
            }
        }
        if (problem != null) {
            throw new IllegalArgumentException("refusing S3 key: the " + what + " '"
                    + value.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                    + "' " + problem + "; it could leave the target prefix");
        }
    }

    /** The URI without secrets, for messages and logs. */
    static String redacted(String targetUri) {
        return targetUri.replaceAll("(?i)(secretKey|accessKey|sessionToken)=(RAW\\([^)]*\\)|[^&]*)", "$1=xxxxxx");
    }
}
