package io.spoabouncer.adapter.haproxymaps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.spoabouncer.ports.spi.ConfigurationException;
import io.spoabouncer.settings.hocon.HoconSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code haproxy-maps.*}: the defaults, and each bad value refused with its key named. */
class MapSyncSettingsTest {
    static MapSyncSettings read(String hocon) {
        return MapSyncSettings.from(HoconSettings.at(ConfigFactory.parseString(hocon).withFallback(ConfigFactory.defaultReference()).resolve(),
                "haproxy-maps"));
    }

    static String refused(String hocon) {
        return assertThrows(ConfigurationException.class, () -> read(hocon)).getMessage();
    }

    @Test
    void defaultsAreOffAndValid() {
        MapSyncSettings s = read("");
        assertFalse(s.enabled());
        assertEquals(Path.of("/var/lib/spoa-bouncer/crowdsec-decisions.map"), s.mapFile());
        assertEquals(Path.of("/var/lib/spoa-bouncer/crowdsec-captcha-keys.map"), s.captchaKeysFile(), "beside the decision map");
        assertEquals(500, s.batch());
        assertTrue(s.writeFile());
    }

    @Test
    void theCaptchaKeysFileFollowsTheDecisionMapUnlessNamedWhole() {
        assertEquals(Path.of("/srv/h/crowdsec-captcha-keys.map"), read("haproxy-maps.map-file = \"/srv/h/d.map\"").captchaKeysFile());
        assertEquals(Path.of("/etc/k.map"), read("haproxy-maps { map-file = \"/srv/h/d.map\", captcha-keys-file = \"/etc/k.map\" }").captchaKeysFile());
        assertEquals(null, read("haproxy-maps.captcha-keys-file = \"\"").captchaKeysFile(), "off");
        assertTrue(refused("haproxy-maps { map-file = \"/srv/h/d.map\", captcha-keys-file = \"d.map\" }").contains("haproxy-maps.captcha-keys-file"));
    }

    @Test
    void badValuesAreRefusedWithTheirKey() {
        assertTrue(refused("haproxy-maps.runtime-api = [\"/run/haproxy/admin.sock\"]").contains("haproxy-maps.runtime-api"));
        assertTrue(refused("haproxy-maps { enabled = true, runtime-api = [] }").contains("haproxy-maps.runtime-api"));
        assertTrue(refused("haproxy-maps { enabled = true, map-file = \" \" }").contains("haproxy-maps.map-file"));
        assertTrue(refused("haproxy-maps.batch = 0").contains("haproxy-maps.batch"));
        assertTrue(refused("haproxy-maps.batch = 10001").contains("haproxy-maps.batch"));
        assertTrue(refused("haproxy-maps.interval = 1ms").contains("haproxy-maps.interval"));
        assertTrue(refused("haproxy-maps.timeout = 0s").contains("haproxy-maps.timeout"));
    }
}
