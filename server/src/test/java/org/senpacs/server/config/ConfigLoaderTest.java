package org.senpacs.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader();

    private Path yaml(String text) throws IOException {
        return Files.writeString(dir.resolve("sen.yaml"), text);
    }

    @Test
    void defaultsWithoutFileOrEnvironment() {
        SenConfig c = loader.load(null, Map.of());
        assertEquals(Path.of("./data"), c.data());
        assertEquals("SEN", c.dicom().aet());
        assertEquals(11112, c.dicom().port());
        assertEquals(8080, c.http().port());
        assertEquals(2575, c.hl7().port());
    }

    @Test
    void fileOverridesDefaultsAndKeepsTheRest() throws IOException {
        SenConfig c = loader.load(yaml("dicom:\n  aet: PACS_BV\n  port: 104\n"), Map.of());
        assertEquals("PACS_BV", c.dicom().aet());
        assertEquals(104, c.dicom().port());
        assertEquals("0.0.0.0", c.dicom().bind());
        assertEquals(8080, c.http().port());
    }

    @Test
    void environmentOverridesFile() throws IOException {
        Path f = yaml("dicom:\n  port: 104\nhttp:\n  port: 9000\n");
        SenConfig c = loader.load(f, Map.of("SEN_DICOM_PORT", "4242", "SEN_AET", "RADIOLOGY",
                "SEN_DATA", "/srv/sen", "SEN_HL7_BIND", "127.0.0.1"));
        assertEquals(4242, c.dicom().port());
        assertEquals("RADIOLOGY", c.dicom().aet());
        assertEquals(Path.of("/srv/sen"), c.data());
        assertEquals(9000, c.http().port());
        assertEquals("127.0.0.1", c.hl7().bind());
    }

    @Test
    void fullNameWinsOverAlias() {
        SenConfig c = loader.load(null, Map.of("SEN_AET", "SHORT", "SEN_DICOM_AET", "FULL"));
        assertEquals("FULL", c.dicom().aet());
    }

    @Test
    void unknownKeyIsAnErrorNamingIt() throws IOException {
        Path f = yaml("dicom:\n  aet: X\n  prot: 104\n");
        ConfigException e = assertThrows(ConfigException.class, () -> loader.load(f, Map.of()));
        assertTrue(e.getMessage().contains("dicom.prot"), e.getMessage());
        Path g = yaml("database: h2\n");
        e = assertThrows(ConfigException.class, () -> loader.load(g, Map.of()));
        assertTrue(e.getMessage().contains("database"), e.getMessage());
    }

    @Test
    void wrongTypesAndValuesAreErrors() throws IOException {
        Path f = yaml("dicom:\n  port: eleven\n");
        assertThrows(ConfigException.class, () -> loader.load(f, Map.of()));
        assertThrows(ConfigException.class, () -> loader.load(null, Map.of("SEN_HTTP_PORT", "70000")));
        assertThrows(ConfigException.class, () -> loader.load(null, Map.of("SEN_AET", "A_TITLE_LONGER_THAN_16")));
        assertThrows(ConfigException.class, () -> loader.load(null, Map.of("SEN_AET", "BAD\\AE")));
        Path g = yaml("dicom: 5\n");
        assertThrows(ConfigException.class, () -> loader.load(g, Map.of()));
        Path h = yaml("dicom: [\n");
        assertThrows(ConfigException.class, () -> loader.load(h, Map.of()));
    }

    @Test
    void missingNamedFileIsAnError() {
        assertThrows(ConfigException.class, () -> loader.load(dir.resolve("absent.yaml"), Map.of()));
    }

    @Test
    void envNames() {
        assertEquals("SEN_DICOM_PORT", ConfigLoader.envName("dicom.port"));
        assertEquals("SEN_DATA", ConfigLoader.envName("data"));
    }
}
