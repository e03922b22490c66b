package io.taskrunner.agent.api.http;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.taskrunner.agent.config.AgentConfigException;
import io.taskrunner.protocol.mqtt.PemTls;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The HTTPS server context from PEM files (JDK TLS 1.3 and 1.2, no client certificate asked). */
public final class ServerTls {
    private static final Logger LOG = LoggerFactory.getLogger(ServerTls.class);
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

    private ServerTls() {
    }

    public static SslContext context(Path certificate, Path key) {
        try {
            List<X509Certificate> chain = PemTls.readCertificates(certificate);
            PrivateKey privateKey = PemTls.readPrivateKey(key);
            warnIfNotForServers(chain.getFirst(), certificate);
            return SslContextBuilder.forServer(privateKey, chain).sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2").build();
        } catch (SSLException e) {
            throw new AgentConfigException("cannot start HTTPS with " + certificate + ": " + e.getMessage(), e);
        } catch (PemTls.TlsConfigurationException e) {
            throw new AgentConfigException("HTTPS: " + e.getMessage(), e);
        } catch (java.io.IOException | java.security.GeneralSecurityException e) {
            throw new AgentConfigException("cannot read " + certificate + " or " + key + " for HTTPS: "
                    + e.getMessage(), e);
        }
    }

    /**
     * The certificate from enrolment is a client certificate (CN = agent id, no host names), which strict HTTPS
     * clients refuse for a server; it still encrypts. Say so, so the operator can configure a server certificate.
     */
    private static void warnIfNotForServers(X509Certificate certificate, Path file) {
        try {
            List<String> usages = certificate.getExtendedKeyUsage();
            boolean serverAuth = usages == null || usages.contains(SERVER_AUTH);
            if (!serverAuth || certificate.getSubjectAlternativeNames() == null) {
                LOG.warn("HTTPS certificate {} is {}; clients that check certificates will refuse it. Set http"
                        + ".certificate and http.privateKey to a server certificate for this PC's name or address",
                        file, serverAuth ? "without host names (subject alternative names)"
                                : "not meant for servers (no serverAuth usage)");
            }
        } catch (CertificateParsingException e) {
            LOG.warn("cannot read the extensions of HTTPS certificate {}: {}", file, e.getMessage());
        }
    }
}
