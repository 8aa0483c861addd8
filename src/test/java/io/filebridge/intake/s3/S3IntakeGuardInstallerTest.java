package io.filebridge.intake.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.ToDefinition;
import org.junit.jupiter.api.Test;

/** Which routes get the S3 intake guard as their first step, without a whole application. */
class S3IntakeGuardInstallerTest {

    private static RouteDefinition route(String from) {
        RouteDefinition route = new RouteDefinition();
        route.from(from).to("kamelet:sendcloud-upload-sink").to("file:out");
        return route;
    }

    private static String first(RouteDefinition route) {
        return ((ToDefinition) route.getOutputs().get(0)).getEndpointUri();
    }

    @Test
    void everyAws2S3RouteGetsTheGuardFirstAndOnlyOnce() throws Exception {
        try (var context = new DefaultCamelContext()) {
            Properties props = new Properties();
            props.setProperty("intake", "aws2-s3:bucket?prefix=inbox/");
            context.getPropertiesComponent().setInitialProperties(props);

            RouteDefinition direct = route("aws2-s3:bucket?prefix=inbox/");
            assertThat(S3IntakeGuardInstaller.install(context, direct)).isTrue();
            assertThat(first(direct)).isEqualTo("bean:s3IntakeGuard");
            assertThat(direct.getOutputs()).hasSize(3);
            assertThat(S3IntakeGuardInstaller.install(context, direct)).as("a second pass").isFalse();
            assertThat(direct.getOutputs()).hasSize(3);

            RouteDefinition viaPlaceholder = route("{{intake}}");
            assertThat(S3IntakeGuardInstaller.install(context, viaPlaceholder)).isTrue();
            assertThat(first(viaPlaceholder)).isEqualTo("bean:s3IntakeGuard");

            RouteDefinition named = route("aws2-s3:bucket");
            named.getOutputs().add(0, new ToDefinition("bean:s3IntakeGuard"));
            assertThat(S3IntakeGuardInstaller.install(context, named)).as("already names it").isFalse();

            RouteDefinition hotFolder = route("file:inbox");
            assertThat(S3IntakeGuardInstaller.install(context, hotFolder)).isFalse();
            assertThat(first(hotFolder)).isEqualTo("kamelet:sendcloud-upload-sink");
        }
    }
}
