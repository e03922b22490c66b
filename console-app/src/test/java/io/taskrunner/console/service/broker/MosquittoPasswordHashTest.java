package io.taskrunner.console.service.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MosquittoPasswordHashTest {
    private static final Path MOSQUITTO_PASSWD = Path.of("/usr/bin/mosquitto_passwd");
    private static final String SHAPE = "\\$7\\$101\\$[A-Za-z0-9+/]{16}\\$[A-Za-z0-9+/]{86}==";

    @TempDir
    Path dir;

    @Test
    void hash_hasTheShapeMosquittoPasswdWrites_andMatchesOnlyItsPassword() {
        String hash = new MosquittoPasswordHash().hash("s3cret-Pässwort");

        assertThat(hash).matches(SHAPE);
        assertThat(MosquittoPasswordHash.isWellFormed(hash)).isTrue();
        assertThat(MosquittoPasswordHash.matches(hash, "s3cret-Pässwort")).isTrue();
        assertThat(MosquittoPasswordHash.matches(hash, "s3cret-Passwort")).isFalse();
        assertThat(new MosquittoPasswordHash().hash("s3cret-Pässwort")).as("fresh salt").isNotEqualTo(hash);
    }

    @Test
    void format_givesTheHashMosquittoPasswdComputes_forItsSaltAndIterations() throws Exception {
        assertThat(MOSQUITTO_PASSWD).as("mosquitto_passwd (apt-get install mosquitto)").isExecutable();
        String password = "Über-geheim 42!";
        Path file = dir.resolve("passwords");
        Files.createFile(file);
        Process passwd = new ProcessBuilder(MOSQUITTO_PASSWD.toString(), "-b", file.toString(), "dev1", password)
                .redirectErrorStream(true).start();
        assertThat(passwd.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(passwd.exitValue()).as(new String(passwd.getInputStream().readAllBytes(), StandardCharsets.UTF_8))
                .isZero();

        String line = Files.readString(file).strip();
        assertThat(line).startsWith("dev1:");
        String theirs = line.substring("dev1:".length());
        assertThat(theirs).matches(SHAPE);
        String[] parts = theirs.split("\\$");
        byte[] salt = Base64.getDecoder().decode(parts[3]);

        assertThat(MosquittoPasswordHash.format(password, salt, Integer.parseInt(parts[2]))).isEqualTo(theirs);
        assertThat(MosquittoPasswordHash.matches(theirs, password)).isTrue();
    }

    @Test
    void matches_andIsWellFormed_refuseOtherText() {
        String good = new MosquittoPasswordHash().hash("pw");
        String[] bad = {null, "", "pw", "$6$abc$def", good.replace("$7$101$", "$7$0$"), good.replace("$7$101$",
                "$7$x$"), good.substring(0, good.length() - 4), good + "$more", good.replace("$7$101$", "$7$101$AAAA")};

        for (String text : bad) {
            assertThat(MosquittoPasswordHash.isWellFormed(text)).as(text).isFalse();
            assertThat(MosquittoPasswordHash.matches(text, "pw")).as(text).isFalse();
        }
    }
}
