package org.gatewayaccess.keycloak.theme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The strings of the pending page and the activation e-mail: every language has every key
 * the templates use (a missing one would show the raw key to a user), and each message
 * formats with its arguments (an unescaped apostrophe would silently drop them).
 */
class ThemeMessagesTest {

    private static final Path THEME = Path.of("themes", "gateway-access");
    private static final Pattern MSG = Pattern.compile("msg\\(\"([A-Za-z]+)\"");

    @Test
    void everyLanguageHasEveryKeyTheTemplatesUseAndTheSameKeysAsEnglish() throws IOException {
        Properties en = load("en");
        Properties de = load("de");
        assertEquals(en.keySet(), de.keySet(), "German and English define the same keys");
        for (Path template : templates()) {
            Matcher m = MSG.matcher(Files.readString(template));
            boolean any = false;
            while (m.find()) {
                any = true;
                assertTrue(en.containsKey(m.group(1)), template + " uses " + m.group(1));
            }
            assertTrue(any, template + " shows strings from the message bundle");
        }
    }

    @Test
    void messagesFormatWithTheirArguments() throws IOException {
        for (String language : new String[] {"en", "de"}) {
            Properties messages = load(language);
            String activated = new MessageFormat(
                            messages.getProperty("gatewayAccessActivatedBody"), Locale.forLanguageTag(language))
                    .format(new Object[] {"Science Gateway", "gateway-user"});
            assertTrue(activated.contains("Science Gateway") && activated.contains("gateway-user"), activated);
            String pending = new MessageFormat(
                            messages.getProperty("gatewayAccessPendingMessage"), Locale.forLanguageTag(language))
                    .format(new Object[] {"Science Gateway"});
            assertTrue(pending.contains("Science Gateway"), pending);
            assertFalse(messages.getProperty("gatewayAccessPendingTitle").isBlank());
        }
    }

    private static java.util.List<Path> templates() throws IOException {
        try (var files = Files.walk(THEME)) {
            return files.filter(p -> p.toString().endsWith(".ftl")).toList();
        }
    }

    private static Properties load(String language) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(
                THEME.resolve("login/messages/messages_" + language + ".properties"), StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }
}
