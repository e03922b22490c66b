package io.taskrunner.i18n;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the four message bundles complete, consistent and really translated, and in step with the keys the agent
 * and the console use. Bundles are read as raw files, so a key missing from a translation is not hidden by the
 * English fallback.
 */
class LocalizationConsistencyTest {

    private static final String BASE = "messages.properties";
    private static final String EN = "messages_en.properties";
    private static final String ZH_CN = "messages_zh_CN.properties";
    private static final String ZH_TW = "messages_zh_TW.properties";
    private static final List<String> BUNDLES = List.of(BASE, EN, ZH_CN, ZH_TW);

    /** Sources that use the keys, relative to the project root (the parent of this module's directory). */
    private static final List<String> SOURCE_ROOTS = List.of("agent/src/main/java", "console-app/src/main/java");

    private static final Pattern KEY_LIKE = Pattern.compile(
            "(app|nav|fleet|status|run|runs|settings|language|console|agent|common|watchdog)\\.[A-Za-z0-9_.]+");
    /**
     * Literals whose last segment is one of these are file names ("agent.json", "console.cert.pem"), not message
     * keys, however much they look like one. No key may end in one, so this cannot hide a real key.
     */
    private static final Set<String> FILE_EXTENSIONS = Set.of("json", "log", "lock", "pem", "pub", "crt", "der",
            "p12", "jks", "properties", "xml", "yaml", "yml", "toml", "txt", "csv", "db", "sql", "tmp", "bak", "conf",
            "cfg", "ini", "html", "css", "png", "svg", "jar", "exe", "sh", "bat", "cmd", "zip", "gz");
    private static final Pattern ARGUMENT_INDEX = Pattern.compile("\\{\\s*(\\d+)\\s*[,}]");

    /**
     * Characters that exist only in Simplified Chinese, each followed by its Traditional form. Characters both
     * scripts share are deliberately absent (言 示 除 理 存 制 后 台 系 里 干 ...).
     */
    private static final String SIMPLIFIED_TRADITIONAL_PAIRS = """
            设設 网網 软軟 据據 务務 机機 运運 开開 关關 录錄 发發 时時 间間 态態 连連 线線 选選 项項 语語 执執
            结結 错錯 误誤 输輸 称稱 显顯 删刪 启啟 动動 内內 忆憶 体體 处處 认認 证證 书書 钥鑰 这這 个個 为為
            们們 对對 应應 请請 确確 复複 帮幫 当當 数數 资資 读讀 写寫 无無 还還 将將 败敗 绝絕 码碼 节節 从從
            检檢 视視 络絡 统統 计計 记記 择擇 单單 储儲 载載 级級 实實 际際 径徑 断斷 层層 压壓 户戶
            """;

    /** Texts that are the same in every language: the same letters in English and Chinese UIs. */
    private static final Set<String> SAME_IN_EVERY_LANGUAGE = Set.of("fleet.column.cpu", "common.unknown");

    private static Map<String, Map<String, String>> bundles;
    private static Set<Integer> simplifiedOnly;
    private static Set<Integer> traditionalOnly;

    @BeforeAll
    static void loadBundles() {
        bundles = new LinkedHashMap<>();
        for (String bundle : BUNDLES) {
            bundles.put(bundle, read(bundle));
        }
        simplifiedOnly = new TreeSet<>();
        traditionalOnly = new TreeSet<>();
        for (String pair : SIMPLIFIED_TRADITIONAL_PAIRS.strip().split("\\s+")) {
            int[] chars = pair.codePoints().toArray();
            assertThat(chars).as("pair '%s'", pair).hasSize(2);
            simplifiedOnly.add(chars[0]);
            traditionalOnly.add(chars[1]);
        }
        // a character listed on both sides would be a mistake in the lists, not in the bundles
        assertThat(simplifiedOnly).doesNotContainAnyElementsOf(traditionalOnly);
    }

    // (a) the same keys everywhere

    @Test
    void everyBundle_hasExactlyTheSameKeys() {
        SortedSet<String> allKeys = new TreeSet<>();
        bundles.values().forEach(texts -> allKeys.addAll(texts.keySet()));
        List<String> problems = new ArrayList<>();
        bundles.forEach((bundle, texts) -> {
            SortedSet<String> missing = new TreeSet<>(allKeys);
            missing.removeAll(texts.keySet());
            if (!missing.isEmpty()) {
                problems.add(bundle + " is missing " + missing.size() + " key(s): " + missing);
            }
        });
        assertNoProblems("Bundles differ in their keys", problems);
    }

    @Test
    void noBundle_definesAKeyTwice() {
        List<String> problems = new ArrayList<>();
        for (String bundle : BUNDLES) {
            List<String> keys = rawKeys(bundle);
            Map<String, Long> counts = keys.stream()
                    .collect(Collectors.groupingBy(key -> key, TreeMap::new, Collectors.counting()));
            counts.forEach((key, count) -> {
                if (count > 1) {
                    problems.add(bundle + " defines " + key + " " + count + " times");
                }
            });
        }
        assertNoProblems("Duplicate keys (the last one silently wins)", problems);
    }

    @Test
    void englishBundle_isIdenticalToTheFallbackBundle() {
        assertThat(bundles.get(EN))
                .as("%s must hold the same texts as %s", EN, BASE)
                .isEqualTo(bundles.get(BASE));
    }

    // (b) placeholders and MessageFormat syntax

    @Test
    void everyKey_hasTheSamePlaceholdersInEveryBundle() {
        List<String> problems = new ArrayList<>();
        for (String key : new TreeSet<>(bundles.get(BASE).keySet())) {
            Map<String, Set<Integer>> byBundle = new LinkedHashMap<>();
            bundles.forEach((bundle, texts) -> {
                if (texts.containsKey(key)) {
                    byBundle.put(bundle, argumentIndexes(texts.get(key)));
                }
            });
            if (byBundle.values().stream().distinct().count() > 1) {
                problems.add(key + " " + byBundle);
            }
        }
        assertNoProblems("Placeholders differ between bundles", problems);
    }

    @Test
    void everyText_isAValidMessageFormatPattern() {
        List<String> problems = new ArrayList<>();
        forEachText((bundle, key, text) -> {
            try {
                new MessageFormat(text, Language.EN.locale());
            } catch (IllegalArgumentException e) {
                problems.add(bundle + " " + key + ": " + e.getMessage());
                return;
            }
            boolean hasArguments = !argumentIndexes(text).isEmpty();
            // texts with arguments go through MessageFormat, where a single ' starts a quoted section
            if (hasArguments && text.replace("''", "").contains("'")) {
                problems.add(bundle + " " + key + ": single apostrophe in a pattern with arguments; write ''");
            }
            // texts without arguments are returned verbatim, so '' would show as two apostrophes
            if (!hasArguments && text.contains("''")) {
                problems.add(bundle + " " + key + ": '' in a text without arguments shows as two apostrophes");
            }
        });
        assertNoProblems("Invalid message patterns", problems);
    }

    // (c) real Simplified and Traditional Chinese

    @Test
    void traditionalBundle_containsNoSimplifiedOnlyCharacters() {
        assertNoProblems("Simplified-only characters in " + ZH_TW, foreignCharacters(ZH_TW, simplifiedOnly));
    }

    @Test
    void simplifiedBundle_containsNoTraditionalOnlyCharacters() {
        assertNoProblems("Traditional-only characters in " + ZH_CN, foreignCharacters(ZH_CN, traditionalOnly));
    }

    @Test
    void chineseBundles_differWhereSimplifiedAndTraditionalScriptsDiffer() {
        List<String> problems = new ArrayList<>();
        Set<String> exempt = nativeNameKeys();
        bundles.get(ZH_CN).forEach((key, simplified) -> {
            boolean scriptSpecific = !exempt.contains(key)
                    && simplified.codePoints().anyMatch(simplifiedOnly::contains);
            if (scriptSpecific && simplified.equals(bundles.get(ZH_TW).get(key))) {
                problems.add(key + " = " + simplified);
            }
        });
        assertNoProblems("zh_TW copies the Simplified text", problems);
    }

    @Test
    void chineseBundles_translateEveryText() {
        Set<String> untranslatable = new TreeSet<>(SAME_IN_EVERY_LANGUAGE);
        untranslatable.addAll(nativeNameKeys());
        List<String> problems = new ArrayList<>();
        for (String bundle : List.of(ZH_CN, ZH_TW)) {
            bundles.get(bundle).forEach((key, text) -> {
                if (!untranslatable.contains(key) && text.equals(bundles.get(BASE).get(key))) {
                    problems.add(bundle + " " + key + " = " + text);
                }
            });
        }
        assertNoProblems("Untranslated (same as English)", problems);
    }

    @Test
    void languageNames_areWrittenInTheirOwnScriptInEveryBundle() {
        List<String> problems = new ArrayList<>();
        for (Language language : Language.values()) {
            String key = language.nativeNameKey();
            Set<String> names = bundles.values().stream().map(texts -> texts.get(key)).collect(Collectors.toSet());
            if (names.size() != 1) {
                problems.add(key + " " + names);
            }
        }
        assertNoProblems("A language's own name must be the same in every bundle", problems);
    }

    // (d) and (e) the keys in step with the agent and console sources

    @Test
    void everyKey_isUsedAsAStringLiteralInTheAgentOrConsole() {
        Set<String> used = new TreeSet<>(nativeNameKeys());
        sourceLiterals().forEach((file, literals) -> literals.forEach(literal -> used.add(literal.text())));
        SortedSet<String> unused = new TreeSet<>(bundles.get(BASE).keySet());
        unused.removeAll(used);
        if (!unused.isEmpty()) {
            fail(unused.size() + " key(s) are not used as a \"string literal\" in any .java file under "
                    + describedSourceRoots() + ". Use them, or remove them from all four bundles:\n  "
                    + String.join("\n  ", unused));
        }
    }

    @Test
    void everyKeyLikeLiteralInTheAgentOrConsole_isAKey() {
        Set<String> keys = bundles.get(BASE).keySet();
        List<String> problems = new ArrayList<>();
        sourceLiterals().forEach((file, literals) -> literals.stream()
                .filter(literal -> KEY_LIKE.matcher(literal.text()).matches())
                .filter(literal -> !isFileName(literal.text()))
                .filter(literal -> !keys.contains(literal.text()))
                .forEach(literal -> problems.add(
                        "\"" + literal.text() + "\" at " + projectRoot().relativize(file) + ":" + literal.line())));
        assertNoProblems("Literals that look like message keys but are not in the bundles (add them to all four"
                + " bundles; write whole keys, do not build them by concatenation)", problems);
    }

    @Test
    void noKey_endsLikeAFileName() {
        List<String> problems = bundles.get(BASE).keySet().stream().filter(LocalizationConsistencyTest::isFileName)
                .toList();
        assertNoProblems("Keys ending in a file extension would be skipped by the source check", problems);
    }

    // helpers

    private static boolean isFileName(String literal) {
        return FILE_EXTENSIONS.contains(literal.substring(literal.lastIndexOf('.') + 1));
    }

    private static Map<String, String> read(String bundle) {
        Properties properties = new Properties();
        try (InputStream in = resource(bundle)) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> texts = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> texts.put(key, properties.getProperty(key)));
        return texts;
    }

    /** The keys in file order, duplicates included (Properties keeps only the last). Assumes no continuations. */
    private static List<String> rawKeys(String bundle) {
        try (InputStream in = resource(bundle)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#") && !line.startsWith("!"))
                    .map(line -> line.split("\\s*[=:]", 2)[0])
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(String bundle) {
        InputStream in = Messages.class.getResourceAsStream(bundle);
        if (in == null) {
            throw new AssertionError("Bundle not on the class path: io/taskrunner/i18n/" + bundle);
        }
        return in;
    }

    private static Set<Integer> argumentIndexes(String text) {
        Set<Integer> indexes = new TreeSet<>();
        Matcher matcher = ARGUMENT_INDEX.matcher(text);
        while (matcher.find()) {
            indexes.add(Integer.parseInt(matcher.group(1)));
        }
        return indexes;
    }

    private interface TextVisitor {
        void visit(String bundle, String key, String text);
    }

    private static void forEachText(TextVisitor visitor) {
        bundles.forEach((bundle, texts) -> texts.forEach((key, text) -> visitor.visit(bundle, key, text)));
    }

    private static List<String> foreignCharacters(String bundle, Set<Integer> forbidden) {
        Set<String> exempt = nativeNameKeys();
        List<String> problems = new ArrayList<>();
        bundles.get(bundle).forEach((key, text) -> {
            if (exempt.contains(key)) {
                return;
            }
            String found = text.codePoints().filter(forbidden::contains).distinct()
                    .mapToObj(Character::toString).collect(Collectors.joining(" "));
            if (!found.isEmpty()) {
                problems.add(key + " = " + text + "  [" + found + "]");
            }
        });
        return problems;
    }

    private static Set<String> nativeNameKeys() {
        return Arrays.stream(Language.values()).map(Language::nativeNameKey).collect(Collectors.toSet());
    }

    private static Path projectRoot() {
        return Path.of("").toAbsolutePath().getParent();
    }

    private static String describedSourceRoots() {
        return SOURCE_ROOTS.stream()
                .map(root -> Files.isDirectory(projectRoot().resolve(root)) ? root : root + " (does not exist yet)")
                .collect(Collectors.joining(" and "));
    }

    /** The string literals of every .java file under the source roots, by file. */
    private static Map<Path, List<JavaStringLiterals.Literal>> sourceLiterals() {
        Map<Path, List<JavaStringLiterals.Literal>> byFile = new TreeMap<>();
        for (String root : SOURCE_ROOTS) {
            Path dir = projectRoot().resolve(root);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                    byFile.put(file, JavaStringLiterals.in(Files.readString(file, StandardCharsets.UTF_8)));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return byFile;
    }

    private static void assertNoProblems(String description, List<String> problems) {
        if (!problems.isEmpty()) {
            fail(description + " (" + problems.size() + "):\n  " + String.join("\n  ", problems));
        }
    }
}
