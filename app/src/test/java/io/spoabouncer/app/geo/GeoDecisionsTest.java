package io.spoabouncer.app.geo;

import io.spoabouncer.adapter.geo.testing.GeoDatabases;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.spoabouncer.app.testing.RunningAgent;
import io.spoabouncer.app.testing.SpopClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Country and AS decisions through the agent: the ACK carries isocode, and geo decisions match. */
class GeoDecisionsTest {
    @TempDir
    Path tmp;

    @Test
    void countryAndAsDecisionsMatch_andIsocodeIsSet() throws Exception {
        Path city = GeoDatabases.copy(tmp, "GeoLite2-City.mmdb");
        Path asn = GeoDatabases.copy(tmp, "GeoLite2-ASN.mmdb");
        Path decisions = Files.writeString(tmp.resolve("geo.csv"), String.join("\n",
                "id,source,ip,reason,action,country,as,events_count,expiration,simulated,alert_id",
                "1,cscli,Country:GB,manual,captcha,,,1,1h,false,1",
                "2,cscli,AS:15169,manual,ban,,,1,1h,false,2", ""));
        try (RunningAgent agent = new RunningAgent("plugins.directory = \"" + tmp.resolve("none") + "\"\n"
                + "geo { city-database = \"" + city + "\", asn-database = \"" + asn + "\" }\n"
                + "decisions.file.files = [{path = \"" + decisions + "\"}]\n");
             SpopClient client = new SpopClient(agent.port())) {
            assertEquals(Map.of("remediation", "captcha", "isocode", "GB"), client.checkIp("2.125.160.216"));
            assertEquals(Map.of("remediation", "ban"), client.checkIp("1.0.0.1"));
            Map<String, Object> other = client.checkIp("203.0.113.1");
            assertEquals("allow", other.get("remediation"));
            assertFalse(other.containsKey("isocode"));
        }
    }
}
