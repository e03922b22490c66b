package io.taskrunner.console.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** How request JSON, service errors and callback URLs become problems that name the field. */
class ApiProblemsTest {
    @Test
    void serviceMessage_startingWithAField_namesThatField() {
        ApiException problem = ApiException.fromInvalidValue("rollout.maxPerMinute: must be between 1 and 10000, "
                + "was 0");

        assertThat(problem.status()).isEqualTo(422);
        assertThat(problem.field()).isEqualTo("rollout.maxPerMinute");
        assertThat(problem.getMessage()).contains("was 0");
        assertThat(ApiException.fromInvalidValue("something went wrong: badly").field()).isNull();
    }

    @Test
    void malformedJson_isA400_onTheBody_withItsPosition() {
        assertThatThrownBy(() -> JsonBody.parse("{\"task\": }".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.field()).isEqualTo("body");
                    assertThat(e.getMessage()).contains("line 1");
                });
        assertThatThrownBy(() -> JsonBody.parse("[1]".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("must be a JSON object");
        assertThatThrownBy(() -> JsonBody.parse("{\"a\":1,\"a\":2}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ApiException.class);
    }

    @Test
    void wrongTypes_andUnknownFields_nameTheFieldByItsPath() {
        JsonBody body = JsonBody.parse(("{\"wait\": \"soon\", \"rollout\": {\"maxPerMinute\": 1.5},"
                + " \"parameters\": {\"who\": {\"x\": 1}}, \"extra\": 1}").getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> body.integer("wait")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.field()).isEqualTo("wait"));
        assertThatThrownBy(() -> body.object("rollout").integer("maxPerMinute"))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.field()).isEqualTo("rollout.maxPerMinute"));
        assertThatThrownBy(() -> body.parameters("parameters")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.field()).isEqualTo("parameters.who"));
        assertThatThrownBy(() -> body.allowOnly(Set.of("wait", "rollout", "parameters")))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.field()).isEqualTo("extra"));
    }

    @Test
    void parameters_keepStringsNumbersAndBooleans() {
        JsonBody body = JsonBody.parse("{\"p\": {\"s\": \"x\", \"i\": 3, \"d\": 2.5, \"b\": true}}"
                .getBytes(StandardCharsets.UTF_8));

        assertThat(body.parameters("p")).containsEntry("s", "x").containsEntry("i", 3L).containsEntry("d", 2.5)
                .containsEntry("b", true);
    }

    @Test
    void callbackUrl_mustBeHttpOrHttps_withAHost() {
        assertThat(CallbackSender.check("https://erp.example/hook?k=1", "callback")).hasHost("erp.example");
        assertThat(CallbackSender.check(null, "callback")).isNull();
        assertThatThrownBy(() -> CallbackSender.check("ftp://erp.example/hook", "callback"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.field()).isEqualTo("callback"));
        assertThatThrownBy(() -> CallbackSender.check("https:///nohost", "callback"))
                .isInstanceOf(ApiException.class);
    }

    @Test
    void signature_isTheHexHmacSha256OfTheBody() {
        // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
        String signature = CallbackSender.signature("Jefe".getBytes(StandardCharsets.US_ASCII),
                "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII));

        assertThat(signature).isEqualTo("sha256="
                + "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
        assertThat(HexFormat.of().parseHex(signature.substring(7))).hasSize(32);
    }
}
