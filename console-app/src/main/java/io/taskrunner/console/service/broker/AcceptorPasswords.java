package io.taskrunner.console.service.broker;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.activemq.artemis.utils.PasswordMaskingUtil;
import org.apache.activemq.artemis.utils.SensitiveDataCodec;

/**
 * Keeps the key store password out of Artemis' acceptor parameters, which Artemis logs verbatim (AMQ224104 when
 * an acceptor cannot start, e.g. because the port is taken). The acceptor gets {@code ENC(token)} and this codec,
 * and Artemis resolves the token back to the password in this process only; the token is worthless elsewhere.
 *
 * <p>Public with a public no-argument constructor only because Artemis instantiates codecs by class name.
 */
public final class AcceptorPasswords implements SensitiveDataCodec<String> {
    /** The acceptor parameter naming the codec class (Artemis' {@code activemq.passwordcodec}). */
    static final String CODEC_PARAMETER = "activemq.passwordcodec";

    private static final Map<String, String> PASSWORDS_BY_TOKEN = new ConcurrentHashMap<>();

    /** Remembers {@code password} until {@link #forget}; returns the masked value to put into the parameters. */
    static String register(String token, String password) {
        PASSWORDS_BY_TOKEN.put(token, password);
        return PasswordMaskingUtil.wrap(token);
    }

    static String newToken() {
        return UUID.randomUUID().toString();
    }

    static void forget(String token) {
        PASSWORDS_BY_TOKEN.remove(token);
    }

    @Override
    public String decode(Object token) {
        String password = PASSWORDS_BY_TOKEN.get(String.valueOf(token));
        if (password == null) {
            throw new IllegalStateException("No key store password registered for this acceptor token");
        }
        return password;
    }

    /**
     * Artemis only decodes acceptor passwords at start-up; encoding serves its command-line masking tool, which
     * never runs against this codec, so asking for it is a programming error.
     */
    @Override
    public String encode(Object secret) {
        throw new UnsupportedOperationException("Acceptor passwords are registered, not encoded");
    }
}
