package io.filebridge.connector.phrase.translation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LanguageCodeTest {

    @Test
    void acceptsTheContractsForms() {
        assertThat(LanguageCode.parse("cs").code()).isEqualTo("cs");
        assertThat(LanguageCode.parse(" cs_cz ").code()).isEqualTo("cs_cz");
        assertThat(LanguageCode.parse("es_419").code()).isEqualTo("es_419");
        assertThat(LanguageCode.parse("zh_tw").code()).isEqualTo("zh_tw");
    }

    @Test
    void refusesWhatPhraseWouldRefuseWithAClearReason() {
        assertThatThrownBy(() -> LanguageCode.parse("DE")).hasMessageContaining("lower-case ISO 639-1");
        assertThatThrownBy(() -> LanguageCode.parse("cs-CZ")).hasMessageContaining("not a language code");
        assertThatThrownBy(() -> LanguageCode.parse("xx")).hasMessageContaining("not an ISO 639-1 language");
        assertThatThrownBy(() -> LanguageCode.parse("en_uk")).hasMessageContaining("'uk' is not an ISO 3166-1");
        assertThatThrownBy(() -> LanguageCode.parse("")).hasMessageContaining("not a language code");
        assertThatThrownBy(() -> LanguageCode.parse("deu")).hasMessageContaining("not a language code");
    }
}
