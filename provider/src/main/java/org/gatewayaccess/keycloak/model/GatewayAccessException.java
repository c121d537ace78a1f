package org.gatewayaccess.keycloak.model;

/**
 * A refusal the caller can act on: an HTTP status, a machine code and one human sentence.
 * Thrown by services, turned into the contract's JSON error body by the REST layer, and
 * always rolls the request's transaction back.
 */
public final class GatewayAccessException extends RuntimeException {

    private final int status;
    private final String code;

    public GatewayAccessException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public static GatewayAccessException badRequest(String code, String message) {
        return new GatewayAccessException(400, code, message);
    }

    public static GatewayAccessException unauthorized(String message) {
        return new GatewayAccessException(401, "unauthorized", message);
    }

    public static GatewayAccessException forbidden(String message) {
        return new GatewayAccessException(403, "forbidden", message);
    }

    public static GatewayAccessException forbidden(String code, String message) {
        return new GatewayAccessException(403, code, message);
    }

    public static GatewayAccessException notFound(String code, String message) {
        return new GatewayAccessException(404, code, message);
    }

    public static GatewayAccessException conflict(String code, String message) {
        return new GatewayAccessException(409, code, message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
