package org.gatewayaccess.keycloak.adminconsole;

import org.junit.jupiter.api.Test;

import java.text.MessageFormat;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ConfigTabTest {

    @Test
    void anErrorSentenceSurvivesKeycloaksMessageFormatting() {
        String sentence = "Field 'roleMappings[].role': realm role 'it''s {0}' does not exist.";
        assertEquals(sentence, MessageFormat.format(ConfigTab.asMessageFormat(sentence), "x"));
    }
}
