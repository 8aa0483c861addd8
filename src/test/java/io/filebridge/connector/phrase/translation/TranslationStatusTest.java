package io.filebridge.connector.phrase.translation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.filebridge.connector.phrase.translation.TranslationStatus.Key;
import io.filebridge.connector.phrase.translation.TranslationStatus.Result;
import org.junit.jupiter.api.Test;

class TranslationStatusTest {

    @Test
    void readsOneResultPerActionAndLanguage() throws Exception {
        var body = new ObjectMapper().readTree("""
                {"uid":"job-1","actions":[
                  {"actionType":"MT_GENERIC_PRETRANSLATE","results":[
                    {"id":"r1","sourceLang":"en","targetLang":"cs","status":"OK"},
                    {"id":"r2","sourceLang":"en","targetLang":"de","status":"RUNNING"}]},
                  {"actionType":"QUALITY_ESTIMATION","results":[
                    {"id":"r3","sourceLang":"en","targetLang":"cs","status":"ERROR"}]}],
                 "metadata":{"sourceLang":{"code":"en"},"targetLangs":[{"code":"cs"},{"code":"de"}],
                   "actionTypes":["MT_GENERIC_PRETRANSLATE","QUALITY_ESTIMATION"]}}""");

        var status = TranslationStatus.read(body);

        assertThat(status.uid()).isEqualTo("job-1");
        assertThat(status.resultOf(new Key(ActionType.MT_GENERIC_PRETRANSLATE, "cs"))).isEqualTo(Result.OK);
        assertThat(status.resultOf(new Key(ActionType.MT_GENERIC_PRETRANSLATE, "de"))).isEqualTo(Result.RUNNING);
        assertThat(status.resultOf(new Key(ActionType.QUALITY_ESTIMATION, "cs"))).isEqualTo(Result.ERROR);
        assertThat(status.resultOf(new Key(ActionType.QUALITY_ESTIMATION, "de"))).isEqualTo(Result.RUNNING);
    }
}
