package io.taskrunner.console.core;

import io.taskrunner.console.service.pki.PrivateFiles;
import io.taskrunner.protocol.security.Ed25519Keys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;

/**
 * The console's Ed25519 command-signing key, created on first start and kept owner-only. The JDK cannot derive an
 * EdDSA public key from the private one, so the public key is stored beside it ({@code signing.pub}).
 */
final class SigningKeyStore {
    private SigningKeyStore() {
    }

    static KeyPair loadOrCreate(Path privateFile) {
        Path publicFile = privateFile.resolveSibling("signing.pub");
        if (Files.exists(privateFile) && Files.exists(publicFile)) {
            PrivateKey privateKey = Ed25519Keys.privateKeyFromPem(PrivateFiles.readString(privateFile));
            PublicKey publicKey = Ed25519Keys.publicKeyFromBase64(PrivateFiles.readString(publicFile));
            return new KeyPair(publicKey, privateKey);
        }
        KeyPair keyPair = Ed25519Keys.generate();
        PrivateFiles.writeOwnerOnly(privateFile, Ed25519Keys.privateKeyPem(keyPair.getPrivate()));
        PrivateFiles.writeOwnerOnly(publicFile, Ed25519Keys.publicKeyBase64(keyPair.getPublic()) + "\n");
        return keyPair;
    }
}
