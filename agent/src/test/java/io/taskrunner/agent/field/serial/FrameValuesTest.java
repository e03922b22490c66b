package io.taskrunner.agent.field.serial;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class FrameValuesTest {

    @Test
    void typed_turnsQuantitiesIntoNumbers() {
        assertThat(FrameValues.typed("+0012.34")).isEqualTo(12.34);
        assertThat(FrameValues.typed("-5")).isEqualTo(-5L);
        assertThat(FrameValues.typed("+0012")).isEqualTo(12L);
        assertThat(FrameValues.typed("0012.5")).isEqualTo(12.5);
        assertThat(FrameValues.typed("0")).isEqualTo(0L);
        assertThat(FrameValues.typed("12.")).isEqualTo(12.0);
        assertThat(FrameValues.typed("-.5")).isEqualTo(-0.5);
        assertThat(FrameValues.typed("   42.0 ")).isEqualTo(42.0);
    }

    @Test
    void typed_keepsCodesAndWordsAsText() {
        assertThat(FrameValues.typed("007")).isEqualTo("007");
        assertThat(FrameValues.typed("000123")).isEqualTo("000123");
        assertThat(FrameValues.typed("99999999999999999999")).isEqualTo("99999999999999999999");
        assertThat(FrameValues.typed("kg")).isEqualTo("kg");
        assertThat(FrameValues.typed("1e5")).isEqualTo("1e5");
        assertThat(FrameValues.typed("")).isEqualTo("");
    }

    @Test
    void match_givesNamedGroupsInPatternOrder_leavingOutThoseThatTookNoPart() {
        Pattern pattern = Pattern.compile("(?<zone>[A-Z]+)-(?<code>\\d+)(?:/(?<extra>\\w+))?");

        Map<String, Object> values = FrameValues.match(pattern, "at ZONE-0042 now");

        assertThat(values).containsExactly(Map.entry("zone", "ZONE"), Map.entry("code", "0042"));
        assertThat(FrameValues.match(pattern, "nothing here")).isNull();
    }
}
