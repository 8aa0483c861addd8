package io.filebridge.connector.phrase.translation;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Phrase Language AI's {@code ActionTypeEnumV1}. */
public enum ActionType {
    CONVERTER_IMPORT, FILE_IMPORT, MT_GENERIC_PRETRANSLATE, QUALITY_ESTIMATION;

    public static ActionType parse(String raw) {
        try {
            return valueOf(raw.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + raw.trim() + "' is not an action type (one of "
                    + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")) + ")");
        }
    }
}
