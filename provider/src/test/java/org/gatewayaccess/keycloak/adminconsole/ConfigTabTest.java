package org.gatewayaccess.keycloak.adminconsole;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.text.MessageFormat;
import org.junit.jupiter.api.Test;

class ConfigTabTest {

    @Test
    void anErrorSentenceSurvivesKeycloaksMessageFormatting() {
        String sentence = "Field 'roleMappings[].role': realm role 'it''s {0}' does not exist.";
        assertEquals(sentence, MessageFormat.format(ConfigTab.asMessageFormat(sentence), "x"));
    }
}
