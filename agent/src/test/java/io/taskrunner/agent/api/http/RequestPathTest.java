package io.taskrunner.agent.api.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.agent.api.core.ApiException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RequestPathTest {
    @Test
    void segments_areSplitBeforeTheyAreDecoded() {
        assertThat(RequestPath.segments("/api/v1/tasks/a%2Fb/runs")).containsExactly("api", "v1", "tasks", "a/b",
                "runs");
        assertThat(RequestPath.segments("/api/custom/L%201")).containsExactly("api", "custom", "L 1");
        assertThat(RequestPath.segments("/api/custom/%E7%A7%A4")).containsExactly("api", "custom", "秤");
        assertThat(RequestPath.segments("/")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/../etc", "/api/%2e%2e/x", "/api/./x", "/a%00b", "/a%5Cb", "/a%FFb", "api/v1",
            "/%zz"})
    void dotSegmentsNulBackslashesAndBrokenEscapes_areRefused(String path) {
        assertThatThrownBy(() -> RequestPath.segments(path)).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(400));
    }

    @Test
    void encodeSegment_makesOnePathSegment() {
        assertThat(RequestPath.encodeSegment("a b/秤")).isEqualTo("a%20b%2F%E7%A7%A4");
    }
}
