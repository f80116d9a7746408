package org.senpacs.ris.study;

import org.senpacs.ris.mwl.RisFixture;

/** Linking studies to orders on a real PostgreSQL. */
class StudyLinkPostgresTest extends StudyLinkTest {

    @Override
    RisFixture.Db db() {
        return RisFixture.Db.POSTGRESQL;
    }
}
