package org.senpacs.ris.hl7;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** One RIS on H2 with its HL7 listener, and a HAPI client connected to it, for a whole test class. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RisOnH2 {

    @TempDir
    static Path dir;

    RisFixture ris;
    Hl7TestClient his;

    @BeforeAll
    void start() throws Exception {
        ris = new RisFixture(dir, RisFixture.Db.H2);
        his = new Hl7TestClient(ris.hl7.port());
    }

    @AfterAll
    void stop() throws Exception {
        if (his != null) his.close();
        if (ris != null) ris.close();
    }
}
