package io.taskrunner.agent.api.auth;

import io.taskrunner.agent.config.AgentConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recognises presented tokens. The file is read again when its size or time changes; a file that became unreadable
 * keeps the last good tokens (and says so in the log) rather than locking everyone out or letting anyone in.
 */
public final class ApiTokens {
    private static final Logger LOG = LoggerFactory.getLogger(ApiTokens.class);

    private final TokenFile file;
    private volatile List<ApiToken> tokens = List.of();
    private volatile String stamp = "";

    public ApiTokens(TokenFile file) {
        this.file = file;
        reloadIfChanged();
    }

    /**
     * The token {@code presented} is, compared in constant time against every stored hash (no early exit, so the
     * time taken says nothing about which or whether one matched).
     */
    public Optional<ApiToken> find(String presented) {
        if (presented == null || presented.length() != TokenHashes.LENGTH
                || !presented.startsWith(TokenHashes.PREFIX)) {
            return Optional.empty();
        }
        reloadIfChanged();
        byte[] hash = TokenHashes.sha256(presented);
        ApiToken found = null;
        for (ApiToken token : tokens) {
            if (MessageDigest.isEqual(hash, token.hash())) {
                found = token;
            }
        }
        return Optional.ofNullable(found);
    }

    public int count() {
        reloadIfChanged();
        return tokens.size();
    }

    private void reloadIfChanged() {
        String now = stampOf();
        if (now.equals(stamp)) {
            return;
        }
        synchronized (this) {
            if (now.equals(stamp)) {
                return;
            }
            try {
                tokens = file.read();
                stamp = now;
                LOG.info("API tokens loaded from {}: {}", file.path(), tokens.size());
            } catch (AgentConfigException e) {
                stamp = now;
                LOG.error("keeping the {} API tokens read before: {}", tokens.size(), e.getMessage());
            }
        }
    }

    private String stampOf() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file.path(), BasicFileAttributes.class);
            return attributes.lastModifiedTime().toMillis() + "/" + attributes.size() + "/" + attributes.fileKey();
        } catch (IOException e) {
            return "absent";
        }
    }
}
