package org.senpacs.ris.hl7;

import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.senpacs.archive.patient.Patients;
import org.senpacs.archive.patient.Patients.PatientKey;
import org.senpacs.dicom.DataSet;
import org.senpacs.ris.order.OrderService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Patient messages (ADT): A01/A04/A05/A08/A31 create or update the patient from PID; A40 merges
 * the MRG-1 patient into the PID patient (its orders, then its studies, move); A47 changes the
 * MRG-1 identifier to the PID-3 one.
 */
final class AdtHandler {

    private static final Logger LOG = LoggerFactory.getLogger(AdtHandler.class);

    private final Patients patients;
    private final OrderService orders;

    AdtHandler(Patients patients, OrderService orders) {
        this.patients = patients;
        this.orders = orders;
    }

    /** A01, A04, A05, A08, A31: the patient as PID describes it. */
    final MessageHandler update = this::applyUpdate;
    /** A40: merge. */
    final MessageHandler merge = this::applyMerge;
    /** A47: identifier change. */
    final MessageHandler changeId = this::applyIdChange;

    private List<PatientChange> applyUpdate(Connection c, Message m, MessageSegments segments) throws HL7Exception, SQLException {
        SegmentFields pid = segments.fields(required(segments, "PID"));
        DataSet attrs = PatientMapping.attributes(pid);
        PatientKey key = Patients.PatientKey.of(attrs);
        Optional<Patients.Patient> before = patients.find(c, key, true);
        long pk = patients.upsert(c, attrs);
        LOG.debug("SEN-R010 patient {} {} from ADT", key, before.isPresent() ? "updated" : "created");
        if (before.isEmpty()) return List.of();
        List<String> studies = patients.studyUids(c, pk);
        return studies.isEmpty() ? List.of() : List.of(new PatientChange(PatientChange.Kind.UPDATED, key, null, studies));
    }

    private List<PatientChange> applyMerge(Connection c, Message m, MessageSegments segments) throws HL7Exception, SQLException {
        List<Segment> pids = segments.named("PID");
        List<Segment> mrgs = segments.named("MRG");
        if (pids.isEmpty()) throw missing("PID");
        if (mrgs.size() != pids.size()) {
            throw Hl7Failure.error(ErrorCode.REQUIRED_FIELD_MISSING, Hl7Failure.segment("MRG", mrgs.size() + 1),
                    "each PID of a merge needs its MRG segment (" + pids.size() + " PID, " + mrgs.size() + " MRG)");
        }
        List<PatientChange> changes = new ArrayList<>();
        for (int i = 0; i < pids.size(); i++) {
            DataSet survivorAttrs = PatientMapping.attributes(segments.fields(pids.get(i)));
            PatientKey survivor = Patients.PatientKey.of(survivorAttrs);
            PatientKey prior = PatientMapping.priorKey(segments.fields(mrgs.get(i)));
            long survivorPk = patients.upsert(c, survivorAttrs);
            Optional<Patients.Patient> old = patients.find(c, prior, true);
            if (old.isEmpty() || old.get().pk() == survivorPk) {
                LOG.info("SEN-R011 merge: prior patient unknown or the same as the surviving one, nothing moved");
                continue;
            }
            int moved = orders.movePatient(c, old.get().pk(), survivorPk);
            Patients.MergeResult result = patients.merge(c, prior, survivorAttrs);
            LOG.info("SEN-R012 patient merged: {} orders and {} studies moved", moved, result.movedStudyUids().size());
            changes.add(new PatientChange(PatientChange.Kind.MERGED, survivor, prior, result.movedStudyUids()));
        }
        return changes;
    }

    private List<PatientChange> applyIdChange(Connection c, Message m, MessageSegments segments) throws HL7Exception, SQLException {
        SegmentFields pid = segments.fields(required(segments, "PID"));
        SegmentFields mrg = segments.fields(required(segments, "MRG"));
        PatientKey now = PatientMapping.key(pid);
        PatientKey old = PatientMapping.priorKey(mrg);
        Optional<Patients.Patient> patient = patients.find(c, old, true);
        if (patient.isEmpty()) {
            throw Hl7Failure.error(ErrorCode.UNKNOWN_KEY_IDENTIFIER, mrg.at(1), "MRG-1 patient identifier is not known");
        }
        if (!now.equals(old) && patients.find(c, now, false).isPresent()) {
            throw Hl7Failure.error(ErrorCode.DUPLICATE_KEY_IDENTIFIER, pid.at(3),
                    "PID-3 patient identifier belongs to another patient already: that is a merge (A40), not an identifier change");
        }
        patients.changeId(c, old, now);
        LOG.info("SEN-R013 patient identifier changed");
        List<String> studies = patients.studyUids(c, patient.get().pk());
        return List.of(new PatientChange(PatientChange.Kind.ID_CHANGED, now, old, studies));
    }

    private static Segment required(MessageSegments segments, String name) throws Hl7Failure {
        List<Segment> found = segments.named(name);
        if (found.isEmpty()) throw missing(name);
        return found.get(0);
    }

    private static Hl7Failure missing(String name) {
        return Hl7Failure.error(ErrorCode.SEGMENT_SEQUENCE_ERROR, Hl7Failure.segment(name, 1), "required " + name + " segment is missing");
    }
}
