package io.taskrunner.agent.api.page;

import static org.assertj.core.api.Assertions.assertThat;

import io.taskrunner.i18n.Language;
import org.junit.jupiter.api.Test;

class PageLanguageTest {
    @Test
    void langParameter_winsWhenItNamesALanguageWeHave() {
        assertThat(PageLanguage.choose("zh-TW", "en")).isEqualTo(Language.ZH_TW);
        assertThat(PageLanguage.choose("zh_cn", null)).isEqualTo(Language.ZH_CN);
        assertThat(PageLanguage.choose("fr", "zh-HK")).isEqualTo(Language.ZH_TW);
    }

    @Test
    void acceptLanguage_isReadByQuality() {
        assertThat(PageLanguage.choose(null, "fr-FR, zh-Hant;q=0.8, zh-CN;q=0.9")).isEqualTo(Language.ZH_CN);
        assertThat(PageLanguage.choose(null, "de, zh-TW;q=0.5")).isEqualTo(Language.ZH_TW);
        assertThat(PageLanguage.choose(null, "zh-CN;q=0, en-GB")).isEqualTo(Language.EN);
        assertThat(PageLanguage.choose(null, "ja, ko")).isEqualTo(Language.EN);
        assertThat(PageLanguage.choose(null, ";;q=x,,")).isEqualTo(Language.EN);
        assertThat(PageLanguage.choose(null, null)).isEqualTo(Language.EN);
    }
}
