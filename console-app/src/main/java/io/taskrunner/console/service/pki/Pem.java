package io.taskrunner.console.service.pki;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CRLException;
import java.security.cert.CertificateException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.util.io.pem.PemGenerationException;

/** PEM text for X.509 certificates and PKCS#8 private keys. */
public final class Pem {
    private Pem() {
    }

    public static String certificate(X509Certificate certificate) {
        return write(certificate);
    }

    /** {@code -----BEGIN X509 CRL-----}, the form OpenSSL and Mosquitto's {@code crlfile} read. */
    public static String crl(X509CRL crl) {
        return write(crl);
    }

    public static X509CRL readCrl(String pem) {
        if (!(parse(pem) instanceof X509CRLHolder holder)) {
            throw new PkiException("PEM text holds no CRL");
        }
        try {
            return new JcaX509CRLConverter().getCRL(holder);
        } catch (CRLException e) {
            throw new PkiException("Cannot decode CRL", e);
        }
    }

    /** Unencrypted PKCS#8 ({@code -----BEGIN PRIVATE KEY-----}); whoever stores it must keep the file private. */
    public static String privateKey(PrivateKey key) {
        try {
            return write(new JcaPKCS8Generator(key, null));
        } catch (PemGenerationException e) {
            throw new PkiException("Cannot encode private key as PKCS#8", e);
        }
    }

    public static X509Certificate readCertificate(String pem) {
        if (!(parse(pem) instanceof X509CertificateHolder holder)) {
            throw new PkiException("PEM text holds no certificate");
        }
        try {
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (CertificateException e) {
            throw new PkiException("Cannot decode certificate", e);
        }
    }

    public static PrivateKey readPrivateKey(String pem) {
        if (!(parse(pem) instanceof PrivateKeyInfo keyInfo)) {
            throw new PkiException("PEM text holds no PKCS#8 private key");
        }
        try {
            return new JcaPEMKeyConverter().getPrivateKey(keyInfo);
        } catch (IOException e) {
            throw new PkiException("Cannot decode private key", e);
        }
    }

    /** Writes PEM text (or anything else) to a file only its owner can read; see {@link PrivateFiles}. */
    public static void writeOwnerOnly(Path file, String content) {
        PrivateFiles.writeOwnerOnly(file, content);
    }

    private static String write(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new PkiException("Cannot encode " + object.getClass().getSimpleName() + " as PEM", e);
        }
        return text.toString();
    }

    private static Object parse(String pem) {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            return parser.readObject();
        } catch (IOException e) {
            throw new PkiException("Cannot parse PEM text", e);
        }
    }
}
