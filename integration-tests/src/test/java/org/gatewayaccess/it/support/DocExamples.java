package org.gatewayaccess.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The example commands of the README and of {@code docs/*.md}, read from the markdown at test time so that a test
 * runs what a reader copies: a section by its heading, the fenced blocks in it, and a small interpreter for the
 * {@code curl … | jq …} lines the pages use (run as the HTTP requests curl would send, so that no curl or jq is needed
 * where the tests run). Anything it does not understand fails the test: a page whose example changes shape needs its
 * test changed too, it is never skipped. A missing section or block fails as well.
 */
public final class DocExamples {

    /** The demo's host; the tests' server runs elsewhere. */
    public static final String DOCUMENTED_BASE = "http://localhost:8080";

    private final String name;
    private final List<String> lines;

    private DocExamples(String name, List<String> lines) {
        this.name = name;
        this.lines = lines;
    }

    /** A page of the repository, e.g. {@code README.md} or {@code docs/api.md}. */
    public static DocExamples page(String relative) {
        Path path = ItSettings.projectRoot().resolve(relative);
        try {
            return new DocExamples(relative, Files.readAllLines(path, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }

    /** The text under a heading (e.g. {@code ## Demo}) up to the next heading of the same or a higher level; exactly one. */
    public String section(String heading) {
        int level = heading.indexOf(' ');
        int start = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).equals(heading)) {
                assertEquals(-1, start, () -> name + " has the heading " + heading + " twice");
                start = i;
            }
        }
        assertTrue(start >= 0, () -> name + " has no heading " + heading + " (a test reads its examples)");
        StringBuilder text = new StringBuilder();
        boolean fenced = false;
        for (int i = start + 1; i < lines.size(); i++) {
            String line = lines.get(i);
            fenced ^= line.startsWith("```");
            if (!fenced && line.startsWith("#")) {
                int hashes = line.indexOf(' ');
                if (hashes > 0
                        && hashes <= level
                        && line.substring(0, hashes).chars().allMatch(c -> c == '#')) {
                    break;
                }
            }
            text.append(line).append('\n');
        }
        return text.toString();
    }

    /** The fenced blocks of a language ({@code bash}, {@code json}, …) in a section's text, in order; at least one. */
    public List<String> blocks(String section, String language) {
        List<String> blocks = new ArrayList<>();
        StringBuilder block = null;
        for (String line : section.split("\n", -1)) {
            if (block == null && line.equals("```" + language)) {
                block = new StringBuilder();
            } else if (block != null && line.equals("```")) {
                blocks.add(block.toString());
                block = null;
            } else if (block != null) {
                block.append(line).append('\n');
            }
        }
        assertTrue(!blocks.isEmpty(), () -> name + ": no ```" + language + " block in the section");
        return blocks;
    }

    /** A code span of the section found by a pattern (group 1), its line breaks and indentation read as one space. */
    public static String find(String section, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(section);
        assertTrue(m.find(), () -> "the page no longer says " + regex);
        return m.group(1).replaceAll("\\s*\\n\\s*", " ");
    }

    // --- curl | jq ---------------------------------------------------------------------------------------------------

    /** A command of a shell block that printed something, and the {@code # → …} line that says what it prints, if any. */
    public record Printed(String command, String output, String documented) {}

    /** Runs a block's commands as curl would, with the server's base URL for the documented one; variables are kept in {@code vars}. */
    public static List<Printed> runShell(String block, String baseUrl, Map<String, String> vars) {
        List<Printed> printed = new ArrayList<>();
        for (String command : commands(block)) {
            if (command.startsWith("#")) {
                String documented = command.replaceFirst("^#\\s*→\\s*", "");
                assertTrue(
                        command.matches("^#\\s*→.*")
                                && !printed.isEmpty()
                                && printed.get(printed.size() - 1).documented() == null,
                        () -> "a comment the test cannot read: " + command);
                Printed last = printed.remove(printed.size() - 1);
                printed.add(new Printed(last.command(), last.output(), documented));
                continue;
            }
            Matcher assignment = Pattern.compile("^([A-Z_]+)=\\$\\((.*)\\)$").matcher(command);
            if (assignment.matches()) {
                vars.put(
                        assignment.group(1),
                        pipeline(assignment.group(2), baseUrl, vars).strip());
            } else {
                printed.add(new Printed(command, pipeline(command, baseUrl, vars), null));
            }
        }
        return printed;
    }

    /** The commands of a block: continuation lines joined, blank lines dropped. */
    static List<String> commands(String block) {
        List<String> commands = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : block.split("\n")) {
            if (line.endsWith("\\")) {
                current.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            current.append(line);
            String command = current.toString().strip();
            current.setLength(0);
            if (!command.isEmpty()) {
                commands.add(command);
            }
        }
        return commands;
    }

    private static String pipeline(String command, String baseUrl, Map<String, String> vars) {
        List<List<String>> stages = new ArrayList<>();
        stages.add(new ArrayList<>());
        for (String word : words(command, vars)) {
            if (word.equals("\u0000|")) {
                stages.add(new ArrayList<>());
            } else {
                stages.get(stages.size() - 1).add(word);
            }
        }
        String output = null;
        for (List<String> stage : stages) {
            assertTrue(!stage.isEmpty(), () -> "an empty stage in " + command);
            output = switch (stage.get(0)) {
                case "curl" -> {
                    assertTrue(output == null, () -> "curl reads no input here: " + command);
                    yield curl(stage.subList(1, stage.size()), baseUrl, command);
                }
                case "jq" -> jq(stage.subList(1, stage.size()), output, command);
                default ->
                    throw new AssertionError("a command the test cannot run: " + stage.get(0) + " in " + command);
            };
        }
        return output;
    }

    /** Shell words: single quotes literal, double quotes and bare words with {@code $VAR} expanded; a bare {@code |} is marked. */
    static List<String> words(String command, Map<String, String> vars) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        for (int i = 0; i < command.length(); i++) {
            char c = command.charAt(i);
            if (c == ' ' || c == '\t') {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else if (c == '|' && word == null) {
                words.add("\u0000|");
            } else if (c == '\'') {
                int end = command.indexOf('\'', i + 1);
                assertTrue(end > i, () -> "unbalanced quote in " + command);
                word = (word == null ? new StringBuilder() : word).append(command, i + 1, end);
                i = end;
            } else if (c == '"') {
                int end = command.indexOf('"', i + 1);
                assertTrue(end > i, () -> "unbalanced quote in " + command);
                word = (word == null ? new StringBuilder() : word)
                        .append(expand(command.substring(i + 1, end), vars, command));
                i = end;
            } else if (c == '$' || c == '`' || c == '\\' || c == ';' || c == '&' || c == '>' || c == '<') {
                if (c == '$') {
                    Matcher name =
                            Pattern.compile("\\$([A-Z_]+)").matcher(command).region(i, command.length());
                    assertTrue(name.lookingAt(), () -> "shell syntax the test cannot run in " + command);
                    word = (word == null ? new StringBuilder() : word).append(variable(name.group(1), vars, command));
                    i = name.end() - 1;
                } else {
                    fail("shell syntax the test cannot run (" + c + ") in " + command);
                }
            } else {
                word = (word == null ? new StringBuilder() : word).append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    private static String expand(String quoted, Map<String, String> vars, String command) {
        assertTrue(
                quoted.indexOf('`') < 0 && !quoted.contains("$("),
                () -> "command substitution inside quotes in " + command);
        Matcher m = Pattern.compile("\\$([A-Z_]+)").matcher(quoted);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(variable(m.group(1), vars, command)));
        }
        m.appendTail(out);
        assertTrue(out.indexOf("$") < 0, () -> "shell syntax the test cannot run in " + command);
        return out.toString();
    }

    private static String variable(String name, Map<String, String> vars, String command) {
        String value = vars.get(name);
        assertTrue(
                value != null && !value.isEmpty(),
                () -> "$" + name + " is not set (an earlier command gave nothing) in " + command);
        return value;
    }

    private static String curl(List<String> args, String baseUrl, String command) {
        String method = null;
        String url = null;
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        List<String> data = new ArrayList<>();
        for (Iterator<String> it = args.iterator(); it.hasNext(); ) {
            String arg = it.next();
            switch (arg) {
                case "-s", "--silent" -> {}
                case "-d", "--data" -> data.add(it.next());
                case "-X", "--request" -> method = it.next();
                case "-H", "--header" -> {
                    String header = it.next();
                    int colon = header.indexOf(':');
                    headers.add(Map.entry(
                            header.substring(0, colon).strip(),
                            header.substring(colon + 1).strip()));
                }
                default -> {
                    assertTrue(
                            !arg.startsWith("-") && url == null,
                            () -> "a curl option the test cannot run: " + arg + " in " + command);
                    assertTrue(
                            arg.startsWith(DOCUMENTED_BASE + "/"),
                            () -> "the example calls " + arg + ", not the documented host");
                    url = baseUrl + arg.substring(DOCUMENTED_BASE.length());
                }
            }
        }
        assertTrue(url != null, () -> "curl without a URL: " + command);
        byte[] body = null;
        if (!data.isEmpty()) {
            headers.add(Map.entry("Content-Type", "application/x-www-form-urlencoded"));
            body = String.join("&", data).getBytes(StandardCharsets.UTF_8);
        }
        String m = method != null ? method : body != null ? "POST" : "GET";
        Http.Result r = Http.request(m, URI.create(url), headers, body);
        assertTrue(r.status() / 100 == 2, () -> "the documented command answers " + r + ": " + command);
        return r.body();
    }

    private static String jq(List<String> args, String input, String command) {
        assertTrue(input != null, () -> "jq without input: " + command);
        boolean raw = false;
        String filter = ".";
        for (String arg : args) {
            if (arg.equals("-r")) {
                raw = true;
            } else {
                assertTrue(
                        !arg.startsWith("-") && filter.equals("."), () -> "a jq argument the test cannot run: " + arg);
                filter = arg;
            }
        }
        JsonNode node = Http.JSON.valueToTree(parse(input));
        Matcher step =
                Pattern.compile("\\.([A-Za-z_][A-Za-z0-9_]*)|\\.?\\[(\\d+)]").matcher(filter);
        int at = filter.equals(".") ? 1 : 0;
        while (at < filter.length()) {
            final String f = filter;
            assertTrue(step.find(at) && step.start() == at, () -> "a jq filter the test cannot run: " + f);
            node = step.group(1) != null ? node.path(step.group(1)) : node.path(Integer.parseInt(step.group(2)));
            at = step.end();
        }
        final JsonNode result = node;
        assertTrue(!result.isMissingNode(), () -> "jq " + f(args) + " finds nothing in " + input);
        return raw && result.isTextual() ? result.asText() + "\n" : result.toPrettyString() + "\n";
    }

    private static String f(List<String> args) {
        return String.join(" ", args);
    }

    private static JsonNode parse(String json) {
        try {
            return Http.JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    // --- "…" in documented answers ----------------------------------------------------------------------------------

    /**
     * Whether JSON matches a documented answer written with ellipses: {@code "user:…"} is a string starting with
     * {@code user:}; {@code ,…} in an object or array says more entries follow. Objects name the fields that matter
     * (others may be there); arrays have exactly the items shown unless they end in {@code …}.
     */
    public static void assertMatches(String documented, JsonNode actual) {
        String json = documented
                .replaceAll(",\\s*…\\s*]", ", \"\\\\u0000more\"]")
                .replaceAll(",\\s*…\\s*}", "}")
                .replaceAll("\"([^\"]*)…\"", "\"$1\\\\u0000prefix\"");
        List<String> problems = new ArrayList<>();
        match("$", parse(json), actual, problems);
        assertTrue(
                problems.isEmpty(),
                () -> "documented " + documented + "\nanswered " + actual + "\n" + String.join("\n", problems));
    }

    private static void match(String at, JsonNode expected, JsonNode actual, List<String> problems) {
        if (expected.isTextual() && expected.asText().endsWith("\u0000prefix")) {
            String prefix = expected.asText().substring(0, expected.asText().length() - "\u0000prefix".length());
            if (!actual.isTextual() || !actual.asText().startsWith(prefix)) {
                problems.add(at + ": expected a string starting with " + prefix + ", got " + actual);
            }
        } else if (expected.isObject()) {
            if (!actual.isObject()) {
                problems.add(at + ": expected an object, got " + actual);
                return;
            }
            Map<String, JsonNode> fields = new LinkedHashMap<>();
            expected.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue()));
            fields.forEach((k, v) -> {
                if (!actual.has(k)) {
                    problems.add(at + ": no field " + k);
                } else {
                    match(at + "." + k, v, actual.get(k), problems);
                }
            });
        } else if (expected.isArray()) {
            boolean more = expected.size() > 0
                    && "\u0000more".equals(expected.get(expected.size() - 1).asText(null));
            int shown = more ? expected.size() - 1 : expected.size();
            if (!actual.isArray() || (more ? actual.size() < shown : actual.size() != shown)) {
                problems.add(at + ": expected " + (more ? "at least " : "") + shown + " items, got " + actual);
                return;
            }
            for (int i = 0; i < shown; i++) {
                match(at + "[" + i + "]", expected.get(i), actual.get(i), problems);
            }
        } else if (!expected.equals(actual)) {
            problems.add(at + ": expected " + expected + ", got " + actual);
        }
    }
}
