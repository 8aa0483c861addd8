package io.filebridge.ops.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PipelineSourceDisplayTest {

    @Test
    void aFileSourceReadsAsWrittenNotPercentEncoded() {
        String shown = Pipelines.displayUri("file:///srv/in/support%20desk?exclusiveReadLockStrategy=%23stableReadLock"
                + "&move=.done%2F%24%7Bfile%3Aname%7D&antInclude=a%2Bb*");

        assertThat(shown).isEqualTo("file:///srv/in/support desk?exclusiveReadLockStrategy=#stableReadLock"
                + "&move=.done/${file:name}&antInclude=a+b*");
    }

    @Test
    void secretsAreBlankedBeforeDecodingSoAnEncodedSecretNeverShows() {
        String shown = Pipelines.displayUri("aws2-s3://bucket?accessKey=AKIA%2FSECRET&secretKey=s%2Bcr%3Dt&prefix=in%2F");

        assertThat(shown).doesNotContain("AKIA").doesNotContain("SECRET").doesNotContain("s+cr=t")
                .contains("prefix=in/").contains("accessKey=xxxxxx").contains("secretKey=xxxxxx");
    }
}
