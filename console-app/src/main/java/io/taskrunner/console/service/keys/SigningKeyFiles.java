package io.taskrunner.console.service.keys;

import io.taskrunner.console.service.pki.PkiException;
import io.taskrunner.console.service.pki.PrivateFiles;
import io.taskrunner.protocol.security.Ed25519Keys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Optional;

/**
 * The console's command-signing keys on disk, owner-only, each a PKCS#8 PEM private key beside its Base64 public key
 * (the JDK cannot derive one from the other): {@code signing.*} is the current key, {@code signing-previous.*} the
 * one being rotated out. A rotation first stages the new pair as {@code signing-next.*}, so a crash half-way
 * through is finished on the next start instead of leaving a private key that does not match its public one.
 */
public final class SigningKeyFiles {
    private static final byte[] PROBE = "taskrunner signing key probe".getBytes(StandardCharsets.UTF_8);

    private final Pair current;
    private final Pair previous;
    private final Pair next;

    /** @param pkiDir the console's PKI folder, holding {@code signing.key.pem} and {@code signing.pub} */
    public SigningKeyFiles(Path pkiDir) {
        this.current = new Pair(pkiDir.resolve("signing.key.pem"), pkiDir.resolve("signing.pub"));
        this.previous = new Pair(pkiDir.resolve("signing-previous.key.pem"), pkiDir.resolve("signing-previous.pub"));
        this.next = new Pair(pkiDir.resolve("signing-next.key.pem"), pkiDir.resolve("signing-next.pub"));
    }

    /** The current key, made on first start; finishes a rotation a crash interrupted. */
    public KeyPair loadOrCreateCurrent() {
        if (next.exists()) {
            KeyPair staged = next.read();
            current.write(staged);
            next.delete();
            return staged;
        }
        if (current.exists()) {
            KeyPair keys = current.read();
            if (!matches(keys)) {
                throw new PkiException("the console signing key " + current.privateFile() + " does not match "
                        + current.publicFile());
            }
            return keys;
        }
        KeyPair created = Ed25519Keys.generate();
        current.write(created);
        return created;
    }

    /** The key being rotated out, if a rotation is under way. */
    public Optional<KeyPair> loadPrevious() {
        return previous.exists() ? Optional.of(previous.read()) : Optional.empty();
    }

    /** Makes {@code nextKeys} the current key and keeps the current one as the previous. */
    public void rotate(KeyPair currentKeys, KeyPair nextKeys) {
        next.write(nextKeys);
        previous.write(currentKeys);
        current.write(nextKeys);
        next.delete();
    }

    /** Deletes the previous key once no agent trusts it any more. */
    public void retirePrevious() {
        previous.delete();
    }

    static boolean matches(KeyPair keys) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(keys.getPrivate());
            signer.update(PROBE);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(keys.getPublic());
            verifier.update(PROBE);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private record Pair(Path privateFile, Path publicFile) {
        boolean exists() {
            return Files.exists(privateFile) && Files.exists(publicFile);
        }

        KeyPair read() {
            PrivateKey privateKey = Ed25519Keys.privateKeyFromPem(PrivateFiles.readString(privateFile));
            PublicKey publicKey = Ed25519Keys.publicKeyFromBase64(PrivateFiles.readString(publicFile));
            return new KeyPair(publicKey, privateKey);
        }

        void write(KeyPair keys) {
            PrivateFiles.writeOwnerOnly(privateFile, Ed25519Keys.privateKeyPem(keys.getPrivate()));
            PrivateFiles.writeOwnerOnly(publicFile, Ed25519Keys.publicKeyBase64(keys.getPublic()) + "\n");
        }

        void delete() {
            try {
                Files.deleteIfExists(privateFile);
                Files.deleteIfExists(publicFile);
            } catch (IOException e) {
                throw new PkiException("cannot delete " + privateFile, e);
            }
        }
    }
}
