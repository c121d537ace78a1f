package org.gatewayaccess.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A person's browser, reduced to what Keycloak's login pages need: a cookie jar,
 * redirects followed one by one, and HTML forms filled in and posted. No JavaScript
 * runs; Keycloak's login pages work without it. The jar is our own because Keycloak
 * marks its cookies {@code Secure} on loopback HTTP (browsers treat localhost as a
 * secure context), which java.net's CookieManager would then never send back.
 */
public final class BrowserSession {

    private static final Pattern FORM =
            Pattern.compile("<form\\b([^>]*)>(.*?)</form>", Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern ATTR = Pattern.compile("([a-zA-Z_-]+)\\s*=\\s*\"([^\"]*)\"");
    private static final Pattern INPUT = Pattern.compile("<input\\b([^>]*)>", Pattern.CASE_INSENSITIVE);

    /** Cookies by path and name. */
    private final Map<String, Map<String, String>> cookies = new LinkedHashMap<>();

    private final HttpClient client = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** A page the browser stopped at: the final URL and, for HTML, its body. */
    public record Page(URI url, int status, String body) {

        /** The first form whose tag or content contains {@code marker}. */
        public Form form(String marker) {
            Matcher m = FORM.matcher(body);
            while (m.find()) {
                if (m.group(1).contains(marker) || m.group(2).contains(marker)) {
                    Map<String, String> attrs = attributes(m.group(1));
                    Map<String, String> fields = new LinkedHashMap<>();
                    Matcher input = INPUT.matcher(m.group(2));
                    while (input.find()) {
                        Map<String, String> a = attributes(input.group(1));
                        if (a.containsKey("name")) {
                            fields.put(a.get("name"), a.getOrDefault("value", ""));
                        }
                    }
                    return new Form(url.resolve(unescape(attrs.get("action"))), fields);
                }
            }
            throw new AssertionError("No form with '" + marker + "' at " + url + " (status " + status + "):\n" + body);
        }
    }

    /** The target of the link (an {@code <a>}) with the given id, as a person would click it. */
    public static String link(Page page, String id) {
        Matcher m = Pattern.compile("<a\\b([^>]*\\bid=\"" + Pattern.quote(id) + "\"[^>]*)>")
                .matcher(page.body());
        if (!m.find()) {
            throw new AssertionError("No link with id " + id + " at " + page.url() + ":\n" + page.body());
        }
        return page.url().resolve(attributes(m.group(1)).get("href")).toString();
    }

    /** An HTML form: its action and the fields with their current values. */
    public record Form(URI action, Map<String, String> fields) {}

    /** GETs {@code url} and follows redirects until a page answers, or until a redirect to {@code stopAt}. */
    public Page open(String url, String stopAt) {
        return follow(HttpRequest.newBuilder(URI.create(url)).GET().build(), stopAt);
    }

    /** Posts the form with some fields set, following redirects as {@link #open} does. */
    public Page submit(Form form, Map<String, String> values, String stopAt) {
        Map<String, String> fields = new LinkedHashMap<>(form.fields());
        fields.putAll(values);
        HttpRequest request = HttpRequest.newBuilder(form.action())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Http.formBody(fields)))
                .build();
        return follow(request, stopAt);
    }

    private Page follow(HttpRequest first, String stopAt) {
        HttpRequest request = first;
        for (int hops = 0; hops < 20; hops++) {
            HttpResponse<String> r = send(withCookies(request));
            storeCookies(r);
            if (r.statusCode() / 100 != 3) {
                return new Page(r.uri(), r.statusCode(), r.body());
            }
            URI next = r.uri().resolve(r.headers().firstValue("Location").orElseThrow());
            if (stopAt != null && next.toString().startsWith(stopAt)) {
                return new Page(next, r.statusCode(), "");
            }
            request = HttpRequest.newBuilder(next).GET().build();
        }
        throw new AssertionError("More than 20 redirects from " + first.uri());
    }

    private HttpRequest withCookies(HttpRequest request) {
        String path = request.uri().getPath();
        Map<String, String> matching = new LinkedHashMap<>();
        cookies.forEach((cookiePath, byName) -> {
            if (path.startsWith(cookiePath)) {
                matching.putAll(byName);
            }
        });
        if (matching.isEmpty()) {
            return request;
        }
        String header = matching.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(java.util.stream.Collectors.joining("; "));
        return HttpRequest.newBuilder(request, (name, value) -> true)
                .header("Cookie", header)
                .build();
    }

    private void storeCookies(HttpResponse<String> response) {
        for (String setCookie : response.headers().allValues("Set-Cookie")) {
            String[] parts = setCookie.split(";");
            int eq = parts[0].indexOf('=');
            String name = parts[0].substring(0, eq).trim();
            String value = parts[0].substring(eq + 1).trim();
            String path = "/";
            boolean expired = false;
            for (int i = 1; i < parts.length; i++) {
                String attr = parts[i].trim();
                String lower = attr.toLowerCase();
                if (lower.startsWith("path=")) {
                    path = attr.substring(5);
                } else if (lower.equals("max-age=0") || lower.startsWith("expires=thu, 01 jan 1970")) {
                    expired = true;
                }
            }
            Map<String, String> byName = cookies.computeIfAbsent(path, k -> new LinkedHashMap<>());
            if (expired || value.isEmpty()) {
                byName.remove(name);
            } else {
                byName.put(name, value);
            }
        }
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> attributes(String tag) {
        Map<String, String> attrs = new LinkedHashMap<>();
        Matcher m = ATTR.matcher(tag);
        while (m.find()) {
            attrs.put(m.group(1).toLowerCase(), unescape(m.group(2)));
        }
        return attrs;
    }

    private static String unescape(String html) {
        return html == null
                ? null
                : html.replace("&amp;", "&")
                        .replace("&quot;", "\"")
                        .replace("&#39;", "'")
                        .replace("&lt;", "<")
                        .replace("&gt;", ">");
    }
}
