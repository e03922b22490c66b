package io.taskrunner.agent.api.http;

import io.netty.handler.codec.http.QueryStringDecoder;
import io.taskrunner.agent.api.core.ApiException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A request path as segments: split at {@code /} first and percent-decoded after, so an encoded {@code %2F} stays
 * inside its segment. Dot segments, NUL and backslashes are refused outright: nothing here maps paths to files,
 * but nothing should look as if it could.
 */
final class RequestPath {
    private static final int MAX_SEGMENTS = 32;

    private RequestPath() {
    }

    static List<String> segments(String rawPath) {
        if (!rawPath.startsWith("/")) {
            throw ApiException.badRequest("the request path must start with /");
        }
        String[] raw = rawPath.substring(1).split("/", -1);
        if (raw.length > MAX_SEGMENTS) {
            throw ApiException.badRequest("the request path has more than " + MAX_SEGMENTS + " segments");
        }
        List<String> segments = new ArrayList<>(raw.length);
        for (String part : raw) {
            String segment;
            try {
                segment = QueryStringDecoder.decodeComponent(part);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("the request path holds a broken percent-escape: " + e.getMessage());
            }
            if (segment.equals(".") || segment.equals("..") || segment.indexOf('\0') >= 0
                    || segment.indexOf('\\') >= 0 || segment.indexOf('\uFFFD') >= 0) {
                throw ApiException.badRequest("the request path holds a dot segment, a backslash, NUL or bytes that"
                        + " are not UTF-8");
            }
            segments.add(segment);
        }
        // "/" alone is one empty segment: the root
        return segments.size() == 1 && segments.getFirst().isEmpty() ? List.of() : List.copyOf(segments);
    }

    /** {@code name} as one percent-encoded path segment, for a Location header. */
    static String encodeSegment(String name) {
        return java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    static String addressOf(SocketAddress address) {
        if (address instanceof InetSocketAddress socket && socket.getAddress() != null) {
            return socket.getAddress().getHostAddress();
        }
        return String.valueOf(address);
    }
}
