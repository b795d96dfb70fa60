package io.jenkins.plugins.githostcredentials.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpSettingsTest {

    private static final ProxySettings JVM = ProxySettings.jvmDefault();

    @Test
    void defaultsAreBoundedAndNameTheClient() {
        HttpSettings defaults = HttpSettings.defaults();

        assertEquals(Duration.ofSeconds(10), defaults.connectTimeout());
        assertEquals(Duration.ofSeconds(30), defaults.readTimeout());
        assertEquals(ProxySettings.jvmDefault(), defaults.proxy());
        assertEquals("git-host-credentials/dev", defaults.userAgent()); // no jar manifest in tests
        assertEquals(4, defaults.maxAttempts());
        assertEquals(Duration.ofSeconds(60), defaults.maxRetryWait());
    }

    @Test
    void nonsenseValuesAreRejectedByName() {
        Duration s = Duration.ofSeconds(1);
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new HttpSettings(Duration.ZERO, s, JVM, "ua", 1, s)).getMessage().contains("connectTimeout"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new HttpSettings(s, s.negated(), JVM, "ua", 1, s)).getMessage().contains("readTimeout"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new HttpSettings(s, s, JVM, " ", 1, s)).getMessage().contains("userAgent"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new HttpSettings(s, s, JVM, "ua", 0, s)).getMessage().contains("maxAttempts"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new HttpSettings(s, s, JVM, "ua", 1, s.negated())).getMessage().contains("maxRetryWait"));
    }
}
