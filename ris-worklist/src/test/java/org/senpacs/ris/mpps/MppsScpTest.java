package org.senpacs.ris.mpps;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.Uids;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.charset.SpecificCharacterSet;
import org.senpacs.dicom.net.Association;
import org.senpacs.dicom.net.AssociationRequest;
import org.senpacs.dicom.net.Connector;
import org.senpacs.dicom.net.DimseResult;
import org.senpacs.dicom.net.Scu;
import org.senpacs.dicom.net.Status;
import org.senpacs.ris.mwl.RisFixture;

/**
 * The MPPS SCP driven by our SCU (dcmtk has no MPPS SCU) as a modality drives it: N-CREATE, N-SET
 * to COMPLETED or DISCONTINUED with the statuses of PS3.4 F.7 for every wrong request, and the
 * order's status following, told to a listener.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MppsScpTest {

    @TempDir
    static Path dir;

    RisFixture f;
    MppsService service;
    final List<OrderStatusChange> heard = new CopyOnWriteArrayList<>();
    Association as;
    Scu scu;
    int next;

    @BeforeAll
    void start() throws Exception {
        f = new RisFixture(dir, db());
        OrderStatusEvents events = new OrderStatusEvents();
        events.addListener(heard::add);
        service = new MppsService(f.archive.database(), events);
        new MppsScp(service).register(f.services);
    }

    /** The index database the test runs on. */
    RisFixture.Db db() {
        return RisFixture.Db.H2;
    }

    @AfterAll
    void stop() throws Exception {
        f.close();
    }

    @BeforeEach
    void connect() throws Exception {
        heard.clear();
        as = new Connector().connect("localhost", f.port(), new AssociationRequest("CT01", RisFixture.AET)
                .addContext(UID.ModalityPerformedProcedureStep, UID.ExplicitVRLittleEndian), null);
        scu = new Scu(as);
    }

    @AfterEach
    void release() throws Exception {
        as.release();
    }

    /** An order with a unique accession; returns its pk. */
    long order(String status) throws Exception {
        String n = Integer.toString(++next);
        return f.insertOrder(new RisFixture.Order("MP" + n, "NGUYỄN^VĂN AN", "19800101", "M", "MPACC" + n, "RP" + n,
                "2.25.55" + n, "MPSPS" + n, "CT", "CT01", LocalDateTime.of(2024, 5, 10, 9, 0), "18.0119.0028", "BYT",
                "Chụp CLVT", status));
    }

    /** The N-CREATE attributes of a modality starting the step of order number {@code n}. */
    static DataSet inProgress(String accession, String spsId, String studyUid) {
        DataSet ds = new DataSet();
        ds.setSpecificCharacterSet(SpecificCharacterSet.UTF_8);
        DataSet ssa = ds.newSequence(Tag.ScheduledStepAttributesSequence, 1).addItem();
        ssa.setString(Tag.StudyInstanceUID, VR.UI, studyUid);
        ssa.setString(Tag.AccessionNumber, VR.SH, accession);
        ssa.setString(Tag.ScheduledProcedureStepID, VR.SH, spsId);
        ssa.setEmpty(Tag.RequestedProcedureID, VR.SH);
        ssa.setEmpty(Tag.ReferencedStudySequence, VR.SQ);
        ds.setString(Tag.PatientName, VR.PN, "NGUYỄN^VĂN AN");
        ds.setString(Tag.PatientID, VR.LO, "MP1");
        ds.setString(Tag.Modality, VR.CS, "CT");
        ds.setString(Tag.PerformedStationAETitle, VR.AE, "CT01");
        ds.setString(Tag.PerformedProcedureStepID, VR.SH, "PPS1");
        ds.setString(Tag.PerformedProcedureStepStartDate, VR.DA, "20240510");
        ds.setString(Tag.PerformedProcedureStepStartTime, VR.TM, "091500");
        ds.setString(Tag.PerformedProcedureStepStatus, VR.CS, "IN PROGRESS");
        ds.setString(Tag.PerformedProcedureStepDescription, VR.LO, "Chụp CLVT sọ não");
        ds.setEmpty(Tag.PerformedSeriesSequence, VR.SQ);
        return ds;
    }

    static DataSet finalState(String status) {
        DataSet ds = new DataSet();
        ds.setString(Tag.PerformedProcedureStepStatus, VR.CS, status);
        ds.setString(Tag.PerformedProcedureStepEndDate, VR.DA, "20240510");
        ds.setString(Tag.PerformedProcedureStepEndTime, VR.TM, "093000");
        DataSet series = ds.newSequence(Tag.PerformedSeriesSequence, 1).addItem();
        series.setString(Tag.SeriesInstanceUID, VR.UI, Uids.create());
        series.setString(Tag.ProtocolName, VR.LO, "HEAD");
        series.setEmpty(Tag.ReferencedImageSequence, VR.SQ);
        return ds;
    }

    DataSet forOrder(long pk) {
        return inProgress("MPACC" + pkToN(pk), "MPSPS" + pkToN(pk), "2.25.55" + pkToN(pk));
    }

    String pkToN(long pk) {
        return Integer.toString(next);
    }

    @Test
    void theOrderFollowsItsStepToCompleted() throws Exception {
        long order = order("SCHEDULED");
        String uid = Uids.create();
        assertEquals(Status.SUCCESS, scu.nCreate(UID.ModalityPerformedProcedureStep, uid, forOrder(order)).status());
        assertEquals("IN_PROGRESS", f.status(order));
        assertEquals(List.of(new OrderStatusChange(order, "MPACC" + next, "RP" + next, "MPSPS" + next, "SCHEDULED",
                "IN_PROGRESS", "MPPS", uid)), heard);

        DataSet progress = new DataSet();
        progress.setSpecificCharacterSet(SpecificCharacterSet.UTF_8);
        progress.setString(Tag.PerformedProcedureStepDescription, VR.LO, "Chụp CLVT sọ não có tiêm");
        progress.setString(Tag.PatientID, VR.LO, "MP1"); // sent again unchanged: accepted
        assertEquals(Status.SUCCESS, scu.nSet(UID.ModalityPerformedProcedureStep, uid, progress).status());
        assertEquals("IN_PROGRESS", f.status(order));

        assertEquals(Status.SUCCESS, scu.nSet(UID.ModalityPerformedProcedureStep, uid, finalState("COMPLETED")).status());
        assertEquals("COMPLETED", f.status(order));
        assertEquals("COMPLETED", heard.get(1).newStatus());
        MppsService.Mpps stored = service.find(uid).orElseThrow();
        assertEquals("COMPLETED", stored.status());
        assertEquals(List.of(order), stored.orderPks());
        assertEquals("Chụp CLVT sọ não có tiêm", stored.attributes().getString(Tag.PerformedProcedureStepDescription));
        assertEquals("NGUYỄN^VĂN AN", stored.attributes().getString(Tag.PatientName));
        assertEquals(1, stored.attributes().getSequence(Tag.PerformedSeriesSequence).size());

        DimseResult again = scu.nSet(UID.ModalityPerformedProcedureStep, uid, finalState("DISCONTINUED"));
        assertEquals(Status.PROCESSING_FAILURE, again.status());
        assertEquals("Performed Procedure Step Object may no longer be updated", again.errorComment());
        assertEquals(0xA710, again.command().getInt(Tag.ErrorID, 0));
        assertEquals("COMPLETED", f.status(order));
    }

    @Test
    void discontinuedStepDiscontinuesTheOrder() throws Exception {
        long order = order("SCHEDULED");
        String uid = Uids.create();
        assertEquals(Status.SUCCESS, scu.nCreate(UID.ModalityPerformedProcedureStep, uid, forOrder(order)).status());
        assertEquals(Status.SUCCESS, scu.nSet(UID.ModalityPerformedProcedureStep, uid, finalState("DISCONTINUED")).status());
        assertEquals("DISCONTINUED", f.status(order));
    }

    @Test
    void wrongRequestsGetTheStatusesOfF7() throws Exception {
        long order = order("SCHEDULED");
        String uid = Uids.create();
        DataSet completed = forOrder(order);
        completed.setString(Tag.PerformedProcedureStepStatus, VR.CS, "COMPLETED");
        DimseResult r = scu.nCreate(UID.ModalityPerformedProcedureStep, uid, completed);
        assertEquals(Status.INVALID_ATTRIBUTE_VALUE, r.status());
        assertEquals(Tag.PerformedProcedureStepStatus, r.command().getInt(Tag.OffendingElement, 0));

        DataSet noModality = forOrder(order);
        noModality.remove(Tag.Modality);
        r = scu.nCreate(UID.ModalityPerformedProcedureStep, uid, noModality);
        assertEquals(Status.MISSING_ATTRIBUTE, r.status());
        assertEquals(Tag.Modality, r.command().getInt(Tag.OffendingElement, 0));

        DataSet emptyId = forOrder(order);
        emptyId.setEmpty(Tag.PerformedProcedureStepID, VR.SH);
        assertEquals(Status.MISSING_ATTRIBUTE_VALUE, scu.nCreate(UID.ModalityPerformedProcedureStep, uid, emptyId).status());
        assertEquals("SCHEDULED", f.status(order), "nothing applied by refused requests");

        assertEquals(Status.SUCCESS, scu.nCreate(UID.ModalityPerformedProcedureStep, uid, forOrder(order)).status());
        assertEquals(Status.DUPLICATE_SOP_INSTANCE, scu.nCreate(UID.ModalityPerformedProcedureStep, uid, forOrder(order)).status());

        assertEquals(Status.NO_SUCH_OBJECT_INSTANCE,
                scu.nSet(UID.ModalityPerformedProcedureStep, Uids.create(), finalState("COMPLETED")).status());

        DataSet otherPatient = new DataSet();
        otherPatient.setString(Tag.PatientID, VR.LO, "SOMEONE-ELSE");
        r = scu.nSet(UID.ModalityPerformedProcedureStep, uid, otherPatient);
        assertEquals(Status.INVALID_ATTRIBUTE_VALUE, r.status());
        assertEquals(Tag.PatientID, r.command().getInt(Tag.OffendingElement, 0));

        DataSet badStatus = new DataSet();
        badStatus.setString(Tag.PerformedProcedureStepStatus, VR.CS, "DONE");
        assertEquals(Status.INVALID_ATTRIBUTE_VALUE, scu.nSet(UID.ModalityPerformedProcedureStep, uid, badStatus).status());

        DataSet noEnd = finalState("COMPLETED");
        noEnd.remove(Tag.PerformedProcedureStepEndTime);
        r = scu.nSet(UID.ModalityPerformedProcedureStep, uid, noEnd);
        assertEquals(Status.MISSING_ATTRIBUTE, r.status());
        assertEquals(Tag.PerformedProcedureStepEndTime, r.command().getInt(Tag.OffendingElement, 0));
        assertEquals("IN_PROGRESS", f.status(order));
        assertEquals("IN PROGRESS", service.find(uid).orElseThrow().status(), "a refused N-SET changes nothing");
    }

    @Test
    void unknownOrdersAreAcceptedUnlinkedAndCancelledOrdersStayCancelled() throws Exception {
        DataSet unscheduled = inProgress("NO-SUCH-ACC", "NO-SUCH-SPS", Uids.create());
        DimseResult r = scu.nCreate(UID.ModalityPerformedProcedureStep, null, unscheduled);
        assertEquals(Status.SUCCESS, r.status());
        String assigned = r.command().getString(Tag.AffectedSOPInstanceUID);
        assertNotNull(assigned);
        assertEquals(List.of(), service.find(assigned).orElseThrow().orderPks());
        assertEquals(Status.SUCCESS, scu.nSet(UID.ModalityPerformedProcedureStep, assigned, finalState("COMPLETED")).status());

        long cancelled = order("CANCELLED");
        String uid = Uids.create();
        assertEquals(Status.SUCCESS, scu.nCreate(UID.ModalityPerformedProcedureStep, uid, forOrder(cancelled)).status());
        assertEquals("CANCELLED", f.status(cancelled));
        assertEquals(List.of(), heard);
    }

    @Test
    void oneStepForTwoRequestedProceduresMovesBoth() throws Exception {
        long first = order("SCHEDULED");
        String acc = "MPACC" + next;
        long second = f.insertOrder(new RisFixture.Order("MP" + next, "NGUYỄN^VĂN AN", null, null, acc, "RP-B", "2.25.56" + next,
                "MPSPS-B" + next, "CT", "CT01", LocalDateTime.of(2024, 5, 10, 9, 0), null, null, null, "SCHEDULED"));
        DataSet ds = forOrder(first);
        DataSet b = ds.getSequence(Tag.ScheduledStepAttributesSequence).addItem();
        b.setString(Tag.StudyInstanceUID, VR.UI, "2.25.56" + next);
        b.setString(Tag.AccessionNumber, VR.SH, acc);
        b.setString(Tag.RequestedProcedureID, VR.SH, "RP-B");
        String uid = Uids.create();
        assertEquals(Status.SUCCESS, scu.nCreate(UID.ModalityPerformedProcedureStep, uid, ds).status());
        assertEquals(List.of(first, second), service.find(uid).orElseThrow().orderPks());
        assertEquals("IN_PROGRESS", f.status(second));
        assertEquals(Status.SUCCESS, scu.nSet(UID.ModalityPerformedProcedureStep, uid, finalState("COMPLETED")).status());
        assertEquals("COMPLETED", f.status(first));
        assertEquals("COMPLETED", f.status(second));
        assertTrue(heard.stream().allMatch(c -> c.mppsSopInstanceUid().equals(uid)));
    }
}
