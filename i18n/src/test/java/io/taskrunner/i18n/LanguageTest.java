package io.taskrunner.i18n;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class LanguageTest {

    @ParameterizedTest
    @ValueSource(strings = {"en", "EN", "en-US", "en_GB", " en "})
    void fromTag_englishVariants_giveEnglish(String tag) {
        assertThat(Language.fromTag(tag)).isEqualTo(Language.EN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"zh-CN", "zh_CN", "ZH-cn", "zh-Hans", "zh-hans-cn", "zh_Hans_CN", "zh-SG", "zh"})
    void fromTag_simplifiedVariants_giveSimplifiedChinese(String tag) {
        assertThat(Language.fromTag(tag)).isEqualTo(Language.ZH_CN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"zh-TW", "zh_TW", "zh-tw", "zh-Hant", "ZH-HANT-TW", "zh-Hant-HK", "zh_Hant", "zh-HK"})
    void fromTag_traditionalVariants_giveTraditionalChinese(String tag) {
        assertThat(Language.fromTag(tag)).isEqualTo(Language.ZH_TW);
    }

    @ParameterizedTest
    @ValueSource(strings = {"fr", "de-DE", "english", "zh-JP", "zh-Latn", "", "  ", "not a tag"})
    void fromTag_unsupportedTag_throwsNamingTheValue(String tag) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> Language.fromTag(tag))
                .withMessage("Unsupported language tag '" + tag + "': expected one of en, zh-CN, zh-TW");
    }

    @Test
    void fromTag_null_throwsNullPointerException() {
        assertThatNullPointerException().isThrownBy(() -> Language.fromTag(null)).withMessage("tag");
    }

    @Test
    void fromLocale_mapsSupportedLocales_andFallsBackToEnglish() {
        assertThat(Language.fromLocale(Locale.US)).isEqualTo(Language.EN);
        assertThat(Language.fromLocale(Locale.CHINA)).isEqualTo(Language.ZH_CN);
        assertThat(Language.fromLocale(Locale.TAIWAN)).isEqualTo(Language.ZH_TW);
        assertThat(Language.fromLocale(Locale.forLanguageTag("zh-Hant-HK"))).isEqualTo(Language.ZH_TW);
        assertThat(Language.fromLocale(Locale.GERMANY)).isEqualTo(Language.EN);
        assertThat(Language.fromLocale(Locale.ROOT)).isEqualTo(Language.EN);
        assertThat(Language.fromLocale(Locale.forLanguageTag("zh-JP"))).isEqualTo(Language.EN);
        assertThatNullPointerException().isThrownBy(() -> Language.fromLocale(null)).withMessage("locale");
    }

    @ParameterizedTest
    @EnumSource(Language.class)
    void fromTag_readsBackEveryTag(Language language) {
        assertThat(Language.fromTag(language.tag())).isEqualTo(language);
    }

    @Test
    void tagsLocalesAndNameKeys_areTheDocumentedOnes() {
        assertThat(Language.EN.tag()).isEqualTo("en");
        assertThat(Language.ZH_CN.tag()).isEqualTo("zh-CN");
        assertThat(Language.ZH_TW.tag()).isEqualTo("zh-TW");
        assertThat(Language.EN.locale()).isEqualTo(Locale.ENGLISH);
        assertThat(Language.ZH_CN.locale()).isEqualTo(Locale.SIMPLIFIED_CHINESE);
        assertThat(Language.ZH_TW.locale()).isEqualTo(Locale.TRADITIONAL_CHINESE);
        assertThat(Language.EN.nativeNameKey()).isEqualTo("language.en");
        assertThat(Language.ZH_CN.nativeNameKey()).isEqualTo("language.zh_CN");
        assertThat(Language.ZH_TW.nativeNameKey()).isEqualTo("language.zh_TW");
    }
}
