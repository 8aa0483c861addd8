package io.filebridge.connector.phrase.translation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.ledger.JobLedger.ExpectedOutput;
import io.filebridge.sandbox.phrase.PhraseLanguageAi;
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
    void qualityEstimationAloneExpectsEachLanguagesFileFromItsEndpointBesideTheScore() {
        var order = TranslationOrder.of("en", "cs,de", "QUALITY_ESTIMATION", null, null, null, null);

        assertThat(order.expectedOutputs()).containsExactly(
                new ExpectedOutput("QUALITY_ESTIMATION:file", "cs"), new ExpectedOutput("QUALITY_ESTIMATION:file", "de"),
                new ExpectedOutput("QUALITY_ESTIMATION", "cs"), new ExpectedOutput("QUALITY_ESTIMATION", "de"));
        assertThat(OutputKind.ofLedger("QUALITY_ESTIMATION:file")).isEqualTo(OutputKind.file(ActionType.QUALITY_ESTIMATION));
        assertThat(OutputKind.ofLedger("QUALITY_ESTIMATION")).isEqualTo(OutputKind.QUALITY_SCORE);
        assertThat(OutputKind.ofLedger("MT_GENERIC_PRETRANSLATE").score()).isFalse();
        // each kind has its own report, beside what it stands for
        assertThat(OutputKind.ofLedger("QUALITY_ESTIMATION:file").reportName("de/a.txt")).isEqualTo("de/a.txt.error.json");
        assertThat(OutputKind.QUALITY_SCORE.reportName("de/a.txt")).isEqualTo("de/a.txt.qps.json.error.json");

        // a retry of the file alone orders QE again and waits for the file; its delivered score is not reset
        var fileAgain = order.onlyFor(java.util.List.of(new ExpectedOutput("QUALITY_ESTIMATION:file", "de")));
        assertThat(fileAgain.actionTypes()).containsExactly(ActionType.QUALITY_ESTIMATION);
        assertThat(order.expectedFrom(fileAgain)).containsExactly(
                new ExpectedOutput("QUALITY_ESTIMATION:file", "de"), new ExpectedOutput("QUALITY_ESTIMATION", "de"));
    }

    @Test
    void aScoreRetriedAloneNeverExpectsTheFileThatMachineTranslationDelivered() {
        var order = TranslationOrder.of("en", "cs,de", "MT_GENERIC_PRETRANSLATE,QUALITY_ESTIMATION", null, null, null,
                null);

        var scoreAgain = order.onlyFor(java.util.List.of(new ExpectedOutput("QUALITY_ESTIMATION", "de")));

        assertThat(scoreAgain.actionTypes()).containsExactly(ActionType.QUALITY_ESTIMATION);
        assertThat(scoreAgain.expectedOutputs()).contains(new ExpectedOutput("QUALITY_ESTIMATION:file", "de"));
        assertThat(order.expectedFrom(scoreAgain)).containsExactly(new ExpectedOutput("QUALITY_ESTIMATION", "de"));
        assertThat(order.expectedFrom(order)).isEqualTo(order.expectedOutputs());
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
