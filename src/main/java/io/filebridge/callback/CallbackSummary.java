package io.filebridge.callback;

import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.filebridge.secrets.SecretRedactor;

/**
 * What the ledger keeps of a callback body: a short, redacted summary, never the body itself. JSON is kept as JSON
 * with long strings, long arrays and deep nesting cut, and the values of credential-like fields (token, secret,
 * password, authorization, signature, key) masked; other bodies as a printable prefix. Configured secrets, the
 * callback token itself and JWT-shaped strings are masked too, and the whole summary is capped.
 */
final class CallbackSummary {

    static final int MAX_CHARS = 1000;
    private static final int MAX_STRING = 200;
    private static final int MAX_ARRAY = 10;
    private static final int MAX_DEPTH = 4;
    private static final String MASK = "***";
    private static final Pattern SENSITIVE_KEY =
            Pattern.compile(".*(token|secret|password|passwd|authorization|signature|apikey|api_key|credential).*");
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*");

    private final ObjectMapper json;
    private final SecretRedactor redactor;

    CallbackSummary(ObjectMapper json, SecretRedactor redactor) {
        this.json = json;
        this.redactor = redactor;
    }

    /** @param size the body's full length as text (the body passed in may be only its first bytes) */
    String summarize(String contentType, byte[] body, String size, String callbackToken) {
        String head = "webhook, " + size + " bytes" + (contentType == null ? "" : ", " + contentType) + ": ";
        String text;
        JsonNode tree = readJson(body);
        if (tree != null) {
            text = cut(tree, 0).toString();
        } else {
            String raw = new String(body, StandardCharsets.UTF_8);
            StringBuilder printable = new StringBuilder();
            raw.codePoints().limit(MAX_STRING).forEach(c -> printable.appendCodePoint(Character.isISOControl(c)
                    ? ' ' : c));
            text = printable + (raw.length() > MAX_STRING ? "…" : "");
        }
        if (callbackToken != null && !callbackToken.isEmpty()) {
            text = text.replace(callbackToken, MASK);
        }
        text = JWT.matcher(redactor.redact(text)).replaceAll(MASK);
        String summary = head + text;
        return summary.length() <= MAX_CHARS ? summary : summary.substring(0, MAX_CHARS - 1) + "…";
    }

    private JsonNode readJson(byte[] body) {
        try {
            JsonNode tree = json.readTree(body);
            return tree == null || tree.isMissingNode() ? null : tree;
        } catch (Exception notJson) {
            return null;
        }
    }

    private JsonNode cut(JsonNode node, int depth) {
        if (node.isTextual()) {
            String s = node.asText();
            return json.getNodeFactory().textNode(s.length() > MAX_STRING ? s.substring(0, MAX_STRING) + "…" : s);
        }
        if (node.isObject()) {
            if (depth >= MAX_DEPTH) {
                return json.getNodeFactory().textNode("{…}");
            }
            ObjectNode copy = json.createObjectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                boolean sensitive = SENSITIVE_KEY.matcher(field.getKey().toLowerCase(Locale.ROOT)).matches();
                copy.set(field.getKey(), sensitive && !field.getValue().isNull()
                        ? json.getNodeFactory().textNode(MASK) : cut(field.getValue(), depth + 1));
            }
            return copy;
        }
        if (node.isArray()) {
            if (depth >= MAX_DEPTH) {
                return json.getNodeFactory().textNode("[…]");
            }
            ArrayNode copy = json.createArrayNode();
            for (int i = 0; i < node.size() && i < MAX_ARRAY; i++) {
                copy.add(cut(node.get(i), depth + 1));
            }
            if (node.size() > MAX_ARRAY) {
                copy.add("… " + (node.size() - MAX_ARRAY) + " more");
            }
            return copy;
        }
        return node;
    }
}
