package org.gatewayaccess.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * HTTP/1.1 written by hand on a socket, for requests {@link java.net.http.HttpClient} refuses to send: a request
 * target with bytes a URI may not hold (raw control characters, bad percent escapes, backslashes), header values with
 * odd characters. The answer is kept raw: status code and everything after the status line.
 */
public final class RawHttp {

    /** Status 0: the server closed the connection without answering (acceptable for a request this broken). */
    public record Answer(int status, String text) {}

    private RawHttp() {}

    public static Answer send(String baseUrl, String method, String target, Map<String, String> headers, byte[] body) {
        URI base = URI.create(baseUrl);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            StringBuilder head = new StringBuilder();
            head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
            head.append("Host: ")
                    .append(base.getHost())
                    .append(':')
                    .append(base.getPort())
                    .append("\r\n");
            head.append("Connection: close\r\n");
            headers.forEach((name, value) ->
                    head.append(name).append(": ").append(value).append("\r\n"));
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            // ISO-8859-1: each char of the test's strings below 256 becomes exactly that byte on the wire
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            String text = new String(readAll(socket.getInputStream()), StandardCharsets.UTF_8);
            if (text.isEmpty()) {
                return new Answer(0, "");
            }
            String[] statusLine = text.split("\r\n", 2)[0].split(" ");
            return new Answer(statusLine.length > 1 ? Integer.parseInt(statusLine[1]) : 0, text);
        } catch (IOException e) {
            throw new UncheckedIOException("raw " + method + " " + target, e);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                bytes.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException | java.net.SocketException e) {
            // a server that resets or stops talking: keep what arrived
        }
        return bytes.toByteArray();
    }
}
