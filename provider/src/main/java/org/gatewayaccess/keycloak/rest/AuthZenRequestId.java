package org.gatewayaccess.keycloak.rest;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.regex.Pattern;

/**
 * AuthZEN's request correlation: a PEP may send {@code X-Request-ID}, and the PDP answers it back unchanged, on refusals
 * too. Only a value of visible ASCII up to 256 characters is echoed (a header value is never reflected with other bytes).
 */
final class AuthZenRequestId {

    static final String HEADER = "X-Request-ID";
    private static final Pattern VALUE = Pattern.compile("[\\x21-\\x7e]{1,256}");

    private AuthZenRequestId() {}

    static Response echo(Endpoint endpoint, Response response) {
        HttpHeaders headers = endpoint.session().getContext().getRequestHeaders();
        String id = headers == null ? null : headers.getHeaderString(HEADER);
        if (id == null || !VALUE.matcher(id).matches()) {
            return response;
        }
        return Response.fromResponse(response).header(HEADER, id).build();
    }
}
