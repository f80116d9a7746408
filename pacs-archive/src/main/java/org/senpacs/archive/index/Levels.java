package org.senpacs.archive.index;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Sequence;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.Tags;
import org.senpacs.dicom.TransferSyntax;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.charset.SpecificCharacterSet;
import org.senpacs.dicom.io.DataSetReader;
import org.senpacs.dicom.io.DataSetWriter;

/**
 * Which attributes belong to which level of the information model (patient, study, series,
 * instance), and their encoded copies kept in the index for query responses.
 */
public final class Levels {

    private Levels() {}

    public enum Level { PATIENT, STUDY, SERIES, IMAGE }

    /** Patient Study module and similar group-0010 attributes that describe the patient at the time of a study. */
    private static final Set<Integer> PATIENT_STUDY = Set.of(Tag.PatientAge, Tag.PatientSize, Tag.PatientWeight,
            Tag.AdditionalPatientHistory, Tag.Occupation, Tag.PregnancyStatus, Tag.SmokingStatus, Tag.MedicalAlerts,
            Tag.Allergies, Tag.PatientState);

    private static final Set<Integer> STUDY = Set.of(Tag.StudyInstanceUID, Tag.StudyDate, Tag.StudyTime,
            Tag.AccessionNumber, Tag.IssuerOfAccessionNumberSequence, Tag.StudyID, Tag.ReferringPhysicianName,
            Tag.ReferringPhysicianIdentificationSequence, Tag.StudyDescription, Tag.ProcedureCodeSequence,
            Tag.NameOfPhysiciansReadingStudy, Tag.PhysiciansOfRecord, Tag.AdmittingDiagnosesDescription,
            Tag.ReasonForPerformedProcedureCodeSequence, Tag.RequestingService, Tag.ReferencedStudySequence,
            Tag.StudyStatusID, Tag.RequestedProcedureDescription);

    private static final Set<Integer> SERIES = Set.of(Tag.SeriesInstanceUID, Tag.Modality, Tag.SeriesNumber,
            Tag.SeriesDescription, Tag.SeriesDate, Tag.SeriesTime, Tag.BodyPartExamined, Tag.Laterality,
            Tag.ProtocolName, Tag.OperatorsName, Tag.PerformingPhysicianName, Tag.PerformedProcedureStepStartDate,
            Tag.PerformedProcedureStepStartTime, Tag.PerformedProcedureStepID, Tag.PerformedProcedureStepDescription,
            Tag.RequestAttributesSequence, Tag.InstitutionName, Tag.InstitutionAddress, Tag.InstitutionalDepartmentName,
            Tag.StationName, Tag.Manufacturer, Tag.ManufacturerModelName, Tag.SoftwareVersions, Tag.DeviceSerialNumber,
            Tag.PatientPosition, Tag.FrameOfReferenceUID, Tag.ReferencedPerformedProcedureStepSequence);

    /** Values at least this long (binary) are left out of the index: they are bulk data, not keys. */
    private static final int MAX_BINARY = 1024;

    public static Level levelOf(int tag) {
        if (Tags.group(tag) == 0x0010) return PATIENT_STUDY.contains(tag) ? Level.STUDY : Level.PATIENT;
        if (STUDY.contains(tag)) return Level.STUDY;
        if (SERIES.contains(tag)) return Level.SERIES;
        return Level.IMAGE;
    }

    /** The attributes of one level, with the Specific Character Set that their text is in. */
    public static DataSet extract(DataSet ds, Level level) {
        DataSet out = new DataSet(level == Level.IMAGE ? ds.size() : 16);
        for (int i = 0; i < ds.size(); i++) {
            int tag = ds.tagAt(i);
            if (tag == Tag.SpecificCharacterSet || Tags.group(tag) == 0x0002 || Tags.isGroupLength(tag)) continue;
            if (tag == Tag.PixelData || Tags.group(tag) == 0x7FE0) continue;
            if (Tags.isPrivate(tag)) {
                if (level != Level.IMAGE) continue;
            } else if (levelOf(tag) != level) {
                continue;
            }
            Object v = ds.valueAt(i);
            VR vr = ds.vrAt(i);
            if (v instanceof byte[] b && !vr.isText() && b.length >= MAX_BINARY) continue;
            if (!(v instanceof byte[] || v instanceof String || v instanceof Sequence)) continue; // references, fragments
            out.put(tag, vr, v);
        }
        // Index copies are kept in the default repertoire or UTF-8 only, so that levels stored from
        // objects in different character sets can be merged into one response.
        SpecificCharacterSet cs = ds.charset();
        if (!cs.isDefault()) {
            out.setString(Tag.SpecificCharacterSet, VR.CS, cs.definedTerms());
            if (!cs.equals(SpecificCharacterSet.UTF_8)) out.setSpecificCharacterSet(SpecificCharacterSet.UTF_8);
        }
        return out;
    }

    public static byte[] encode(DataSet ds) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(512);
            new DataSetWriter().writeDataSet(out, ds, TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static DataSet decode(byte[] attrs) {
        if (attrs == null) return new DataSet(0);
        try {
            return new DataSetReader().read(new ByteArrayInputStream(attrs), TransferSyntax.EXPLICIT_VR_LITTLE_ENDIAN);
        } catch (IOException e) {
            throw new UncheckedIOException("index attributes unreadable", e);
        }
    }
}
