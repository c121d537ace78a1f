package org.gatewayaccess.keycloak.rest;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The console's files, read from the provider JAR ({@code gateway-access-console/} on the
 * class path). A name is looked up only if it is a plain file name with a known extension,
 * so no request can reach anything else on the class path ({@code ..}, slashes and
 * encoded tricks never match). The JAR does not change while Keycloak runs, so each file
 * is read and hashed once per node: one instance, made by {@link GatewayAccessResourceProviderFactory}.
 */
public final class ConsoleAssets {

    /** One path segment: lower-case words joined by single dashes, then a known extension. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]+(?:-[a-z0-9]+)*\\.(html|js|css|svg)");

    private static final String FOLDER = "gateway-access-console/";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");
    private final Map<String, Optional<Asset>> files = new ConcurrentHashMap<>();

    /** A file: its bytes, its content type and a strong ETag (a hash of the bytes). */
    public record Asset(String name, byte[] bytes, String contentType, String etag) {}

    ConsoleAssets() {}

    /** The file of that name, or empty if the name is not allowed or no such file ships. */
    public Optional<Asset> find(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        return files.computeIfAbsent(name, ConsoleAssets::load);
    }

    private static Optional<Asset> load(String name) {
        try (InputStream in = ConsoleAssets.class.getClassLoader().getResourceAsStream(FOLDER + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            String extension = name.substring(name.lastIndexOf('.') + 1);
            return Optional.of(new Asset(name, bytes, TYPES.get(extension), etag(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the console file " + name, e);
        }
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\""
                    + Base64.getUrlEncoder()
                            .withoutPadding()
                            .encodeToString(hash)
                            .substring(0, 22) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Forgets the files read (the factory closes). */
    void clear() {
        files.clear();
    }
}
