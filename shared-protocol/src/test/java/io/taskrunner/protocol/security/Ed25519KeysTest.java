package io.taskrunner.protocol.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.protocol.codec.MessageCodec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class Ed25519KeysTest {
    /** A key pair made with {@code openssl genpkey -algorithm ed25519}, to pin interoperability and the key id. */
    private static final String OPENSSL_PUBLIC = "MCowBQYDK2VwAyEAgOO45hBBRIY/Wyo/2Q05D6qWE+SvWjLf0neGCCSfK8U=";
    private static final String OPENSSL_PRIVATE_PEM = """
            -----BEGIN PRIVATE KEY-----
            MC4CAQAwBQYDK2VwBCIEIMtWEqZLdQ8ZI+I+E5KdTYDr+/EkCdoz5QF/WoQnStZr
            -----END PRIVATE KEY-----
            """;
    /** First 16 hex digits of {@code sha256} of the DER public key, computed with openssl/sha256sum. */
    private static final String OPENSSL_KEY_ID = "0556a6ba42f6d4ba";
    /** {@code printf hello | openssl pkeyutl -sign -inkey key.pem -rawin}; Ed25519 is deterministic. */
    private static final String OPENSSL_SIGNATURE_OF_HELLO =
            "eNj2iv9SC4onxxSKVmtWng/ft31JgS1syFTW8v1AG8G2qTKETmo79hlSHExSFDbnaW+Nbb7ATUJnNisSbludBQ==";

    @Test
    void publicKeyBase64_roundTrips() {
        PublicKey key = Ed25519Keys.generate().getPublic();

        String base64 = Ed25519Keys.publicKeyBase64(key);

        assertThat(Ed25519Keys.publicKeyFromBase64(base64)).isEqualTo(key);
        assertThat(Ed25519Keys.publicKeyFromBase64("  " + base64 + "\n")).isEqualTo(key);
        assertThat(Base64.getDecoder().decode(base64)).isEqualTo(key.getEncoded());
    }

    @Test
    void privateKeyPem_roundTrips_andTheRestoredKeySignsForThePublicKey() throws GeneralSecurityException {
        KeyPair pair = Ed25519Keys.generate();

        String pem = Ed25519Keys.privateKeyPem(pair.getPrivate());
        PrivateKey restored = Ed25519Keys.privateKeyFromPem(pem);

        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----\n").endsWith("\n-----END PRIVATE KEY-----\n");
        assertThat(pem.lines()).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(64));
        assertThat(restored.getEncoded()).isEqualTo(pair.getPrivate().getEncoded());
        assertThat(verify(pair.getPublic(), "hello", sign(restored, "hello"))).isTrue();
    }

    @Test
    void privateKeyFromPem_readsOpensslOutput_andSignsExactlyAsOpensslDoes() throws GeneralSecurityException {
        PrivateKey key = Ed25519Keys.privateKeyFromPem(OPENSSL_PRIVATE_PEM);
        PublicKey publicKey = Ed25519Keys.publicKeyFromBase64(OPENSSL_PUBLIC);

        assertThat(sign(key, "hello")).isEqualTo(OPENSSL_SIGNATURE_OF_HELLO);
        assertThat(verify(publicKey, "hello", OPENSSL_SIGNATURE_OF_HELLO)).isTrue();
        assertThat(verify(publicKey, "hellO", OPENSSL_SIGNATURE_OF_HELLO)).isFalse();
    }

    @Test
    void privateKeyFromPem_acceptsCrlfLineEnds() {
        assertThat(Ed25519Keys.privateKeyFromPem(OPENSSL_PRIVATE_PEM.replace("\n", "\r\n")).getEncoded())
                .isEqualTo(Ed25519Keys.privateKeyFromPem(OPENSSL_PRIVATE_PEM).getEncoded());
    }

    @Test
    void keyId_ofAFixedKey_isTheFirst16HexDigitsOfItsSha256() {
        assertThat(Ed25519Keys.keyId(Ed25519Keys.publicKeyFromBase64(OPENSSL_PUBLIC))).isEqualTo(OPENSSL_KEY_ID);
    }

    @Test
    void keyId_isStableForTheSameKey_andDiffersBetweenKeys() {
        PublicKey key = Ed25519Keys.generate().getPublic();
        PublicKey other = Ed25519Keys.generate().getPublic();

        String id = Ed25519Keys.keyId(key);

        assertThat(id).matches("[0-9a-f]{16}");
        assertThat(Ed25519Keys.keyId(key)).isEqualTo(id);
        assertThat(Ed25519Keys.keyId(Ed25519Keys.publicKeyFromBase64(Ed25519Keys.publicKeyBase64(key))))
                .isEqualTo(id);
        assertThat(Ed25519Keys.keyId(other)).isNotEqualTo(id);
    }

    @Test
    void commandSigner_usesTheKeyIdOfItsPublicKey() {
        KeyPair pair = Ed25519Keys.generate();

        CommandSigner signer = new CommandSigner(pair, new MessageCodec(), Clock.systemUTC());

        assertThat(signer.keyId()).isEqualTo(Ed25519Keys.keyId(pair.getPublic()));
    }

    @Test
    void generate_givesEd25519Keys() {
        KeyPair pair = Ed25519Keys.generate();

        assertThat(pair.getPublic().getAlgorithm()).isIn("Ed25519", "EdDSA");
        assertThat(pair.getPrivate().getAlgorithm()).isIn("Ed25519", "EdDSA");
    }

    @Test
    void publicKeyFromBase64_whenNotBase64OrNotEd25519_saysSo() throws GeneralSecurityException {
        String rsa = Base64.getEncoder().encodeToString(
                KeyPairGenerator.getInstance("RSA").generateKeyPair().getPublic().getEncoded());

        assertThatThrownBy(() -> Ed25519Keys.publicKeyFromBase64("!!!")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not an Ed25519 public key");
        assertThatThrownBy(() -> Ed25519Keys.publicKeyFromBase64("AAAA")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not an Ed25519 public key");
        assertThatThrownBy(() -> Ed25519Keys.publicKeyFromBase64(rsa)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not an Ed25519 public key");
    }

    @Test
    void privateKeyFromPem_whenNotAnEd25519Pkcs8Key_saysSo() {
        assertThatThrownBy(() -> Ed25519Keys.privateKeyFromPem("-----BEGIN PRIVATE KEY-----\nAAAA\n"
                + "-----END PRIVATE KEY-----\n")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not an Ed25519 PKCS#8 private key");
        assertThatThrownBy(() -> Ed25519Keys.privateKeyFromPem("garbage!")).isInstanceOf(
                IllegalArgumentException.class).hasMessageStartingWith("not an Ed25519 PKCS#8 private key");
    }

    private static String sign(PrivateKey key, String text) throws GeneralSecurityException {
        Signature signature = Signature.getInstance("Ed25519");
        signature.initSign(key);
        signature.update(text.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(signature.sign());
    }

    private static boolean verify(PublicKey key, String text, String signatureBase64)
            throws GeneralSecurityException {
        Signature signature = Signature.getInstance("Ed25519");
        signature.initVerify(key);
        signature.update(text.getBytes(StandardCharsets.UTF_8));
        return signature.verify(Base64.getDecoder().decode(signatureBase64));
    }
}
