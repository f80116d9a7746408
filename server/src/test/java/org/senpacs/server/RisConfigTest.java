package org.senpacs.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.senpacs.ris.Ris;
import org.senpacs.server.config.ConfigException;
import org.senpacs.server.config.ConfigLoader;

/** The hl7, ris and his-destinations sections of sen.yaml become the RIS options. */
class RisConfigTest {

    @TempDir
    Path dir;

    @Test
    void catalogueDestinationsAndRetriesComeFromTheFile() throws Exception {
        Path yaml = Files.writeString(dir.resolve("sen.yaml"), """
                hl7:
                  default-charset: 8859/1
                  application: SEN_RIS
                  facility: BV_BACHMAI
                ris:
                  catalogue:
                    "18.0119.0028": {modality: CT, description: "Chụp CT sọ não không tiêm thuốc cản quang"}
                  retry-first-seconds: 5
                  retry-max-seconds: 60
                  retry-max-attempts: 7
                his-destinations:
                  HIS: {host: 10.0.0.5, port: 6661, tls: false, application: HIS, facility: BVDK}
                """, StandardCharsets.UTF_8);
        Ris.Options o = SenNode.risOptions(new ConfigLoader().load(yaml, Map.of("SEN_HL7_PORT", "2600")));
        assertEquals(StandardCharsets.ISO_8859_1, o.hl7().defaultCharset());
        assertEquals(2600, o.hl7().port());
        assertEquals("SEN_RIS", o.hl7().applicationName());
        assertEquals("CT", o.orders().catalogue().get("18.0119.0028").modality());
        assertTrue(o.orders().catalogue().get("18.0119.0028").description().startsWith("Chụp CT sọ não"));
        var his = o.outbound().destination("HIS").orElseThrow();
        assertEquals("10.0.0.5", his.host());
        assertEquals(6661, his.port());
        assertEquals("BV_BACHMAI", o.outbound().sendingFacility());
        assertEquals(Duration.ofSeconds(5), o.outbound().firstRetryDelay());
        assertEquals(7, o.outbound().maxAttempts());
    }

    @Test
    void anUnknownCharsetOrBadRetriesStopTheStart() {
        assertThrows(ConfigException.class, () -> SenNode.risOptions(new ConfigLoader().load(null,
                Map.of("SEN_HL7_DEFAULT_CHARSET", "KLINGON"))));
        assertThrows(ConfigException.class, () -> SenNode.risOptions(new ConfigLoader().load(null,
                Map.of("SEN_RIS_RETRY_MAX_ATTEMPTS", "0"))));
    }
}
