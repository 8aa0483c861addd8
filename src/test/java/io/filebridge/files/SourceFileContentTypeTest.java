package io.filebridge.files;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Vendors file data by MIME type (Serial: images vs files), so the type must be right for common extensions. */
class SourceFileContentTypeTest {

    @ParameterizedTest
    @CsvSource({
        "report.pdf, application/pdf",
        "Scan.PNG, image/png",
        "line 1/station.csv, text/csv",
        "bracket.STL, model/stl",
        "housing.step, model/step",
        "mesh.obj, model/obj",
        "notes.md, text/markdown",
        "pipeline.yml, application/yaml",
        "raw.dat, application/octet-stream",
        "no-extension, application/octet-stream"})
    void byExtension(String name, String expected) {
        assertThat(SourceFile.contentTypeOf(name)).isEqualTo(expected);
    }
}
