package org.senpacs.ris.mpps;

import org.senpacs.ris.mwl.RisFixture;

/** The MPPS SCP on a real PostgreSQL. */
class MppsScpPostgresTest extends MppsScpTest {

    @Override
    RisFixture.Db db() {
        return RisFixture.Db.POSTGRESQL;
    }
}
