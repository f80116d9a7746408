package org.senpacs.tools.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.VR;

/** The identifier that find, move and get build from -L, -M and -k, without sockets. */
class QueryKeysTest {

    private static DataSet identifier(boolean defaults, String model, String level, String... keys) {
        QueryOptions q = new QueryOptions();
        q.model = model;
        q.level = level;
        q.keys = List.of(keys);
        return q.identifier(defaults);
    }

    @Test
    void vietnameseValuesSetUtf8() {
        DataSet ds = identifier(true, "StudyRoot", null, "PatientName=NGUYỄN*", "00080050=A1", "(0008,0020)=20240101-");
        assertEquals("STUDY", ds.getString(Tag.QueryRetrieveLevel));
        assertEquals("ISO_IR 192", ds.getString(Tag.SpecificCharacterSet));
        assertEquals("NGUYỄN*", ds.getString(Tag.PatientName));
        assertEquals("A1", ds.getString(Tag.AccessionNumber));
        assertEquals("20240101-", ds.getString(Tag.StudyDate));
        assertTrue(ds.contains(Tag.StudyInstanceUID) && ds.getString(Tag.StudyInstanceUID) == null, "return key, empty");
    }

    @Test
    void asciiValuesLeaveTheDefaultRepertoire() {
        DataSet ds = identifier(false, "PatientRoot", "patient", "PatientID=BN1");
        assertFalse(ds.contains(Tag.SpecificCharacterSet));
        assertEquals("PATIENT", ds.getString(Tag.QueryRetrieveLevel));
        assertEquals(2, ds.size(), "no default return keys for a retrieve");
    }

    @Test
    void worklistKeysGoIntoTheScheduledStep() {
        DataSet ds = identifier(true, "MWL", null, "ScheduledProcedureStepSequence.Modality=CT",
                "ScheduledProcedureStepSequence.ScheduledStationAETitle=CT01", "PatientName");
        assertNull(ds.getString(Tag.QueryRetrieveLevel));
        DataSet sps = ds.getSequence(Tag.ScheduledProcedureStepSequence).get(0);
        assertEquals(1, ds.getSequence(Tag.ScheduledProcedureStepSequence).size());
        assertEquals("CT", sps.getString(Tag.Modality));
        assertEquals("CT01", sps.getString(Tag.ScheduledStationAETitle));
        assertTrue(sps.contains(Tag.ScheduledProcedureStepStartDate));
        assertEquals(VR.PN, ds.vr(Tag.PatientName));
    }
}
