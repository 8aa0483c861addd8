package io.filebridge.connector.phrase.translation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class OutputNameTest {

    private final LanguageCode cs = LanguageCode.parse("cs");
    private final LanguageCode zhTw = LanguageCode.parse("zh_tw");

    @Test
    void theDefaultKeepsSubfoldersUnderTheLanguage() {
        assertThat(new OutputName(null, Map.of()).resolve("manuals/v2/Guide Ü.docx", cs))
                .isEqualTo("cs/manuals/v2/Guide Ü.docx");
    }

    @Test
    void everyPlaceholderAndTheLocaleMap() {
        var map = OutputName.parseLocaleMap("cs:cs-CZ, zh_tw:zh-Hant");
        var name = new OutputName("{dir}/{basename}.{lang}.{ext}", map);
        assertThat(name.resolve("manuals/guide.docx", cs)).isEqualTo("manuals/guide.cs-CZ.docx");
        assertThat(name.resolve("guide.docx", zhTw)).isEqualTo("guide.zh-Hant.docx");
        assertThat(new OutputName("{lang}/{name}", map).resolve("a/b/c.txt", cs)).isEqualTo("cs-CZ/c.txt");
    }

    @Test
    void hostilePathsStayInsideTheTarget() {
        var name = new OutputName(null, Map.of());
        assertThat(name.resolve("../../etc/passwd", cs)).isEqualTo("cs/etc/passwd");
        assertThat(name.resolve("/abs/olute.txt", cs)).isEqualTo("cs/abs/olute.txt");
        assertThat(name.resolve("win\\..\\..\\x.txt", cs)).isEqualTo("cs/win/x.txt");
        assertThat(name.resolve("bad\u0000name\n.txt", cs)).isEqualTo("cs/badname.txt");
    }

    @Test
    void badTemplatesAndMapsAreRefusedAtStart() {
        assertThatThrownBy(() -> new OutputName("{path}", Map.of())).hasMessageContaining("must contain {lang}");
        assertThatThrownBy(() -> new OutputName("{lang}/{file}", Map.of())).hasMessageContaining("unknown placeholder {file}");
        assertThatThrownBy(() -> OutputName.parseLocaleMap("cs=cs-CZ")).hasMessageContaining("not code:name");
        assertThatThrownBy(() -> OutputName.parseLocaleMap("cs:../x")).hasMessageContaining("not code:name");
        assertThatThrownBy(() -> OutputName.parseLocaleMap("cz:cs-CZ")).hasMessageContaining("not an ISO 639-1");
    }
}
