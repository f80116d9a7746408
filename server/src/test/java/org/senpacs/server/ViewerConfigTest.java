package org.senpacs.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.senpacs.server.config.ConfigException;
import org.senpacs.server.config.ConfigLoader;
import org.senpacs.viewer.ViewerOptions;

/** The viewer section of sen.yaml becomes the viewer launch options: address, token key, lifetime. */
class ViewerConfigTest {

    private static ViewerOptions options(Map<String, String> env) {
        return SenNode.viewerOptions(new ConfigLoader().load(null, env).viewer());
    }

    @Test
    void defaultsSignWithARandomKeyPerProcess() {
        ViewerOptions a = options(Map.of());
        ViewerOptions b = options(Map.of());
        assertFalse(Arrays.equals(a.tokenKey(), b.tokenKey()));
        assertEquals(Duration.ofMinutes(5), a.tokenLifetime());
        assertTrue(a.requireToken());
        assertEquals(null, a.publicUrl());
    }

    @Test
    void nodesSharingAKeyAcceptEachOthersTokens() {
        String hex = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
        ViewerOptions hexKey = options(Map.of("SEN_VIEWER_TOKEN_KEY", hex));
        String base64 = java.util.Base64.getEncoder().encodeToString(java.util.HexFormat.of().parseHex(hex));
        ViewerOptions base64Key = options(Map.of("SEN_VIEWER_TOKEN_KEY", base64,
                "SEN_VIEWER_PUBLIC_URL", "https://pacs.benhvien.vn/", "SEN_VIEWER_TOKEN_LIFETIME_SECONDS", "60"));
        assertArrayEquals(hexKey.tokenKey(), base64Key.tokenKey());
        assertEquals("https://pacs.benhvien.vn", base64Key.publicUrl());
        assertEquals(Duration.ofSeconds(60), base64Key.tokenLifetime());
    }

    @Test
    void aShortOrUnreadableKeyStopsTheStartWithItsName() {
        ConfigException shortKey = assertThrows(ConfigException.class, () -> options(Map.of("SEN_VIEWER_TOKEN_KEY", "abcd")));
        assertTrue(shortKey.getMessage().contains("viewer.token-key"), shortKey.getMessage());
        assertThrows(ConfigException.class, () -> options(Map.of("SEN_VIEWER_TOKEN_KEY", "not a key!")));
    }
}
