package io.filebridge.vendor.phrase.translation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.ledger.JobLedger.ExpectedOutput;
import io.filebridge.testsupport.PhraseLanguageAi;
import org.junit.jupiter.api.Test;

class TranslationOrderTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void buildsTheContractsMetadata() throws Exception {
        var order = TranslationOrder.of("en", "cs, de ,zh_tw", "MT_GENERIC_PRETRANSLATE,QUALITY_ESTIMATION",
                "CFUki8ptanoz1WAIYoXSH4", "cs:tm-1|tm-2,de:tm-3", null, "cs:cs-CZ");

        var metadata = order.metadata(json, "https://fb.example.com/callbacks/phrase/abc");

        assertThat(metadata).isEqualTo(json.readTree("""
                {"sourceLang":{"code":"en"},
                 "targetLangs":[{"code":"cs"},{"code":"de"},{"code":"zh_tw"}],
                 "actionTypes":["MT_GENERIC_PRETRANSLATE","QUALITY_ESTIMATION"],
                 "callbackUrl":"https://fb.example.com/callbacks/phrase/abc",
                 "mtSettings":{"usePhraseMTSettings":true,"profile":{"uid":"CFUki8ptanoz1WAIYoXSH4"}},
                 "transMemoriesConfig":[
                   {"targetLang":{"code":"cs"},"transMemories":[{"transMemory":{"uid":"tm-1"}},{"transMemory":{"uid":"tm-2"}}]},
                   {"targetLang":{"code":"de"},"transMemories":[{"transMemory":{"uid":"tm-3"}}]}]}"""));
        // the contract server's oracle, written from the OpenAPI independently of this class
        assertThat(PhraseLanguageAi.metadataProblems(metadata)).isEmpty();
        assertThat(order.expectedOutputs()).containsExactly(
                new ExpectedOutput("MT_GENERIC_PRETRANSLATE", "cs"), new ExpectedOutput("MT_GENERIC_PRETRANSLATE", "de"),
                new ExpectedOutput("MT_GENERIC_PRETRANSLATE", "zh_tw"), new ExpectedOutput("QUALITY_ESTIMATION", "cs"),
                new ExpectedOutput("QUALITY_ESTIMATION", "de"), new ExpectedOutput("QUALITY_ESTIMATION", "zh_tw"));
        assertThat(order.outputName().resolve("manuals/guide.docx", LanguageCode.parse("cs")))
                .isEqualTo("cs-CZ/manuals/guide.docx");
    }

    @Test
    void aRetryOrdersOnlyTheLanguagesAndActionsThatFailedWithTheirMemories() throws Exception {
        var order = TranslationOrder.of("en", "cs,de,zh_tw", "MT_GENERIC_PRETRANSLATE,QUALITY_ESTIMATION", null,
                "cs:tm-1,de:tm-3", null, "cs:cs-CZ");

        var deOnly = order.onlyFor(java.util.List.of(new ExpectedOutput("MT_GENERIC_PRETRANSLATE", "de")));
        assertThat(deOnly.metadata(json, null)).isEqualTo(json.readTree("""
                {"sourceLang":{"code":"en"},"targetLangs":[{"code":"de"}],
                 "actionTypes":["MT_GENERIC_PRETRANSLATE"],
                 "transMemoriesConfig":[{"targetLang":{"code":"de"},"transMemories":[{"transMemory":{"uid":"tm-3"}}]}]}"""));
        assertThat(deOnly.outputName()).isSameAs(order.outputName());

        // not a grid (cs failed for one action, zh_tw for the other): the smallest grid covering both is ordered
        var mixed = order.onlyFor(java.util.List.of(new ExpectedOutput("QUALITY_ESTIMATION", "zh_tw"),
                new ExpectedOutput("MT_GENERIC_PRETRANSLATE", "cs")));
        assertThat(mixed.expectedOutputs()).containsExactly(
                new ExpectedOutput("MT_GENERIC_PRETRANSLATE", "cs"), new ExpectedOutput("MT_GENERIC_PRETRANSLATE", "zh_tw"),
                new ExpectedOutput("QUALITY_ESTIMATION", "cs"), new ExpectedOutput("QUALITY_ESTIMATION", "zh_tw"));
        assertThat(mixed.translationMemories()).containsOnlyKeys("cs");

        assertThatThrownBy(() -> order.onlyFor(java.util.List.of(new ExpectedOutput("MT_GENERIC_PRETRANSLATE", "ja"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultsToMachineTranslationAndLeavesOptionalPartsOut() {
        var metadata = TranslationOrder.of("en", "de", null, "", null, null, null).metadata(json, null);

        assertThat(metadata.path("actionTypes").toString()).isEqualTo("[\"MT_GENERIC_PRETRANSLATE\"]");
        assertThat(metadata.has("callbackUrl")).isFalse();
        assertThat(metadata.has("mtSettings")).isFalse();
        assertThat(metadata.has("transMemoriesConfig")).isFalse();
    }

    @Test
    void everyProblemNamesTheParameter() {
        assertThatThrownBy(() -> TranslationOrder.of("EN", "de", null, null, null, null, null))
                .hasMessageStartingWith("phrase-translate-action parameter sourceLang: 'EN'");
        assertThatThrownBy(() -> TranslationOrder.of("en", "de,cz", null, null, null, null, null))
                .hasMessageContaining("parameter targetLangs: 'cz': 'cz' is not an ISO 639-1 language");
        assertThatThrownBy(() -> TranslationOrder.of("en", "de,de", null, null, null, null, null))
                .hasMessageContaining("parameter targetLangs: 'de' is listed twice");
        assertThatThrownBy(() -> TranslationOrder.of("en", " ", null, null, null, null, null))
                .hasMessageContaining("parameter targetLangs: is required");
        assertThatThrownBy(() -> TranslationOrder.of("en", "de", "TRANSLATE", null, null, null, null))
                .hasMessageContaining("parameter actionTypes: 'TRANSLATE' is not an action type");
        assertThatThrownBy(() -> TranslationOrder.of("en", "de", null, null, "fr:tm-1", null, null))
                .hasMessageContaining("parameter translationMemories: 'fr' is not one of the targetLangs");
        assertThatThrownBy(() -> TranslationOrder.of("en", "de", null, null, null, "{path}", null))
                .hasMessageContaining("parameter outputName/localeMap: outputName '{path}' must contain {lang}");
    }
}
