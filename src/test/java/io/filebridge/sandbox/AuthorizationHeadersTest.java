package io.filebridge.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.filebridge.sandbox.AuthorizationHeaders.BasicCredentials;
import org.junit.jupiter.api.Test;

class AuthorizationHeadersTest {

    @Test
    void readsBasicAndBearerCaseInsensitively() {
        // "user:pa:ss" - a colon belongs to the password, only the first one splits
        assertThat(AuthorizationHeaders.basic("basic dXNlcjpwYTpzcw=="))
                .hasValue(new BasicCredentials("user", "pa:ss"));
        assertThat(AuthorizationHeaders.bearer("Bearer ory_at_x")).hasValue("ory_at_x");
        assertThat(AuthorizationHeaders.basic("Bearer ory_at_x")).isEmpty();
    }

    @Test
    void malformedHeadersGiveNothing() {
        assertThat(AuthorizationHeaders.basic(null)).isEmpty();
        assertThat(AuthorizationHeaders.basic("Basic")).isEmpty();
        assertThat(AuthorizationHeaders.basic("Basic !!!")).isEmpty();
        assertThat(AuthorizationHeaders.basic("Basic bm9jb2xvbg==")).isEmpty();
        assertThat(AuthorizationHeaders.bearer("Bearer ")).isEmpty();
        assertThat(AuthorizationHeaders.bearer("Bearerx")).isEmpty();
    }

    @Test
    void credentialsNeverPrintTheirPassword() {
        assertThat(new BasicCredentials("user", "secret").toString()).doesNotContain("secret");
    }
}
