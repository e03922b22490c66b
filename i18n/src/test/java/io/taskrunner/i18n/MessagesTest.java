package io.taskrunner.i18n;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.Locale;
import java.util.ResourceBundle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MessagesTest {

    private static final String PROBE = "io.taskrunner.i18n.fallbackprobe";

    private Locale savedDefault;
    private Locale savedDisplay;
    private Locale savedFormat;

    @BeforeEach
    void saveDefaultLocale() {
        savedDefault = Locale.getDefault();
        savedDisplay = Locale.getDefault(Locale.Category.DISPLAY);
        savedFormat = Locale.getDefault(Locale.Category.FORMAT);
    }

    @AfterEach
    void restoreDefaultLocale() {
        Locale.setDefault(savedDefault);
        Locale.setDefault(Locale.Category.DISPLAY, savedDisplay);
        Locale.setDefault(Locale.Category.FORMAT, savedFormat);
        ResourceBundle.clearCache();
    }

    @Test
    void get_withArgs_formatsInEachLanguage() {
        assertThat(Messages.of(Language.EN).get("run.dialog.title", "web-01")).isEqualTo("Run command on web-01");
        assertThat(Messages.of(Language.ZH_CN).get("run.dialog.title", "web-01")).isEqualTo("在 web-01 上运行命令");
        assertThat(Messages.of(Language.ZH_TW).get("run.dialog.title", "web-01")).isEqualTo("在 web-01 上執行指令");

        assertThat(Messages.of(Language.EN).get("agent.enroll.done", "web-01", "/var/lib/taskrunner"))
                .isEqualTo("Enrolled as web-01; settings written to /var/lib/taskrunner");
        assertThat(Messages.of(Language.ZH_TW).get("agent.enroll.done", "web-01", "/var/lib/taskrunner"))
                .isEqualTo("已註冊為 web-01；設定已寫入 /var/lib/taskrunner");
    }

    @Test
    void get_fleetSummary_usesSingularAndPluralInEnglish() {
        Messages english = Messages.of(Language.EN);

        assertThat(english.get("fleet.summary", 0, 0)).isEqualTo("No agents, 0 online");
        assertThat(english.get("fleet.summary", 1, 1)).isEqualTo("1 agent, 1 online");
        assertThat(english.get("fleet.summary", 1200, 7)).isEqualTo("1,200 agents, 7 online");
        assertThat(Messages.of(Language.ZH_CN).get("fleet.summary", 12, 7)).isEqualTo("共 12 个代理，其中 7 个在线");
    }

    @Test
    void get_portsAndExitCodes_areNeverGrouped() {
        assertThat(Messages.of(Language.EN).get("console.status.brokerRunning", 8883))
                .isEqualTo("Broker running on port 8883");
        assertThat(Messages.of(Language.ZH_TW).get("settings.broker.value", "console.lan", 8883))
                .isEqualTo("console.lan:8883（雙向 TLS）");
        assertThat(Messages.of(Language.EN).get("run.exitCode", 3221225477L)).isEqualTo("Exit code 3221225477");
        assertThat(Messages.of(Language.EN).get("run.exitCode", -1)).isEqualTo("Exit code -1");
    }

    @Test
    void get_formatsNumbersInTheLanguagesLocale_notTheJvmDefault() {
        Locale.setDefault(Locale.GERMANY);

        assertThat(Messages.of(Language.EN).get("run.outputTruncated", 1_048_576))
                .isEqualTo("Output truncated at 1,048,576 bytes");
    }

    @Test
    void get_withoutArgs_returnsTheTextAsWritten() {
        assertThat(Messages.of(Language.EN).get("app.title")).isEqualTo("TaskRunner Console");
        assertThat(Messages.of(Language.ZH_CN).get("nav.settings")).isEqualTo("设置");
        assertThat(Messages.of(Language.ZH_TW).get("nav.settings")).isEqualTo("設定");
        assertThat(Messages.of(Language.EN).get("run.exitCode")).isEqualTo("Exit code {0,number,#}");
    }

    @Test
    void get_missingKey_returnsTheKeyBetweenExclamationMarks() {
        Messages english = Messages.of(Language.EN);

        assertThat(english.get("no.such.key")).isEqualTo("!no.such.key!");
        assertThat(english.get("no.such.key", 1)).isEqualTo("!no.such.key!");
        assertThat(english.has("no.such.key")).isFalse();
        assertThatNullPointerException().isThrownBy(() -> english.get(null)).withMessage("key");
    }

    @Test
    void languageNames_areInTheirOwnScriptInEveryLanguage() {
        for (Language language : Language.values()) {
            Messages messages = Messages.of(language);
            assertThat(messages.get(Language.EN.nativeNameKey())).isEqualTo("English");
            assertThat(messages.get(Language.ZH_CN.nativeNameKey())).isEqualTo("简体中文");
            assertThat(messages.get(Language.ZH_TW.nativeNameKey())).isEqualTo("繁體中文");
        }
    }

    @Test
    void of_returnsOneImmutableInstancePerLanguage() {
        Messages chinese = Messages.of(Language.ZH_TW);

        assertThat(Messages.of(Language.ZH_TW)).isSameAs(chinese);
        assertThat(chinese.language()).isEqualTo(Language.ZH_TW);
        assertThat(chinese.has("app.title")).isTrue();
        assertThat(chinese.keys()).isEqualTo(Messages.of(Language.EN).keys()).contains("app.title", "run.exitCode");
        assertThat(chinese.keys()).isUnmodifiable();
    }

    @Test
    void englishLookups_ignoreAChineseJvmDefaultLocale() {
        Locale.setDefault(Locale.CHINA);
        ResourceBundle.clearCache();

        assertThat(new Messages(Language.EN, "io.taskrunner.i18n.messages").get("app.title"))
                .isEqualTo("TaskRunner Console");
        assertThat(new Messages(Language.EN, PROBE).get("probe.text")).isEqualTo("English base");
    }

    @Test
    void theProbeBundle_wouldFallBackToTheDefaultLocaleWithoutTheNoFallbackControl() {
        // shows that englishLookups_ignoreAChineseJvmDefaultLocale tests something
        Locale.setDefault(Locale.CHINA);
        ResourceBundle.clearCache();

        assertThat(ResourceBundle.getBundle(PROBE, Locale.ENGLISH).getString("probe.text")).isEqualTo("简体中文");
    }
}
