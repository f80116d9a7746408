package org.senpacs.tools.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.charset.SpecificCharacterSet;
import org.senpacs.dicom.net.ApplicationEntity;
import org.senpacs.dicom.net.DicomListener;
import org.senpacs.dicom.net.DicomServiceRegistry;
import org.senpacs.dicom.net.Dimse;
import org.senpacs.dicom.net.Status;
import org.senpacs.dicom.testing.Samples;
import org.senpacs.tools.SenTools;

/** find -M MWL and --cancel-after against a worklist SCP of dicom-net on loopback, which sees what we send. */
class WorklistLoopbackTest {

    DicomListener listener;
    final AtomicReference<DataSet> received = new AtomicReference<>();
    final AtomicInteger sentAfterCancel = new AtomicInteger(-1);

    @BeforeEach
    void start() throws Exception {
        DicomServiceRegistry services = DicomServiceRegistry.withVerification();
        services.register(Dimse.C_FIND_RQ, UID.ModalityWorklistInformationModelFind, rq -> {
            received.set(rq.dataSet());
            for (int i = 1; i <= 50; i++) {
                if (rq.isCanceled()) {
                    sentAfterCancel.set(i);
                    rq.respond(Status.CANCEL);
                    return;
                }
                DataSet item = new DataSet();
                item.setSpecificCharacterSet(SpecificCharacterSet.UTF_8);
                item.setString(Tag.PatientName, VR.PN, Samples.VIETNAMESE_NAME);
                item.setString(Tag.AccessionNumber, VR.SH, "A" + i);
                DataSet sps = item.newSequence(Tag.ScheduledProcedureStepSequence, 1).addItem();
                sps.setString(Tag.Modality, VR.CS, "CT");
                rq.respond(Status.PENDING, null, item);
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        listener = new DicomListener(new ApplicationEntity("RIS", Set.of(), services, null), DicomListener.Options.of(0)).start();
    }

    @AfterEach
    void stop() {
        listener.close();
    }

    @Test
    void worklistQueryWithSequenceKeysAndCancel() {
        Cli.Run r = Cli.run("find", "-M", "MWL", "-aec", "RIS", "-k", "ScheduledProcedureStepSequence.Modality=CT",
                "-k", "PatientName=NGUYỄN*", "--cancel-after", "2", "localhost", Integer.toString(listener.port()));
        assertEquals(SenTools.OK, r.exit(), r.toString());
        assertTrue(r.out().contains("# Match 2\n") && !r.out().contains("# Match 3"), r.out());
        assertTrue(r.out().contains("(0040,0100) SQ (Sequence with 1 items)"), r.out());
        assertTrue(r.out().contains("PN [" + Samples.VIETNAMESE_NAME + "]"), r.out());
        assertTrue(r.err().contains("final status 0xFE00 Cancel"), r.err());
        assertTrue(sentAfterCancel.get() > 0 && sentAfterCancel.get() < 50, "the SCP saw the C-CANCEL");

        DataSet keys = received.get();
        assertEquals("ISO_IR 192", keys.getString(Tag.SpecificCharacterSet));
        assertEquals("NGUYỄN*", keys.getString(Tag.PatientName));
        assertTrue(!keys.contains(Tag.QueryRetrieveLevel), "no level in a worklist query");
        DataSet sps = keys.getSequence(Tag.ScheduledProcedureStepSequence).get(0);
        assertEquals("CT", sps.getString(Tag.Modality));
        assertTrue(sps.contains(Tag.ScheduledProcedureStepStartDate), "default return keys of the step");
    }

    @Test
    void aModelThePeerDoesNotServeIsOneLine() {
        Cli.Run r = Cli.run("find", "-aec", "RIS", "localhost", Integer.toString(listener.port()));
        assertEquals(SenTools.FAILED, r.exit(), r.toString());
        assertEquals(1, r.errLines().size(), r.toString());
        assertTrue(r.err().contains("does not accept Study Root Query/Retrieve Information Model - FIND"), r.err());
    }
}
