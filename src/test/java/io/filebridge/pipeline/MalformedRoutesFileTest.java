package io.filebridge.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.filebridge.FilebridgeApplication;
import org.apache.camel.CamelContext;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/** A pipeline file that does not parse is left out and reported; the application and the other pipelines run. */
@CamelSpringBootTest
@SpringBootTest(classes = FilebridgeApplication.class, properties = {
        "camel.main.routes-include-pattern=classpath:pipelines/mixed/*.camel.yaml",
        "spring.datasource.url=jdbc:h2:mem:malformed;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
        "server.port=0"})
class MalformedRoutesFileTest {

    @Autowired
    CamelContext camel;
    @Autowired
    PipelineProblems problems;

    @Test
    void brokenFilesAreReportedAndTheRestRuns() {
        assertThat(camel.getRoute("still-running")).isNotNull();
        assertThat(camel.getRoute("broken-shape")).isNull();
        assertThat(problems.refused()).extracting(PipelineProblems.Refused::source)
                .anyMatch(s -> s.endsWith("misplaced-steps.camel.yaml"))
                .anyMatch(s -> s.endsWith("not-yaml.camel.yaml"));
        assertThat(problems.refused()).filteredOn(r -> r.source().endsWith("misplaced-steps.camel.yaml"))
                .singleElement().satisfies(r -> assertThat(r.problems().get(0)).contains("steps"));
    }
}
