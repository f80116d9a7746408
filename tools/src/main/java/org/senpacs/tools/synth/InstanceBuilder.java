package org.senpacs.tools.synth;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.Period;
import java.util.List;
import java.util.Locale;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.DateTimes;
import org.senpacs.dicom.Sequence;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.charset.SpecificCharacterSet;
import org.senpacs.tools.synth.CorpusPlan.Instance;
import org.senpacs.tools.synth.CorpusPlan.Series;
import org.senpacs.tools.synth.CorpusPlan.Study;

/**
 * Turns one planned instance into its data set: the Patient, General Study, Series, Equipment and
 * Image modules, the modality's own attributes, and pixel data, or for SR a Basic Text SR report.
 */
final class InstanceBuilder {

    private InstanceBuilder() {}

    static final String MANUFACTURER = "SEN SYNTH";

    static DataSet build(Study study, Series series, Instance instance) {
        Kind kind = series.kind();
        DataSet ds = new DataSet(96);
        if (!study.ascii()) ds.setSpecificCharacterSet(SpecificCharacterSet.UTF_8);

        // SOP Common
        ds.setString(Tag.SOPClassUID, VR.UI, kind.sopClassUid);
        ds.setString(Tag.SOPInstanceUID, VR.UI, instance.uid());
        LocalTime contentTime = series.time().plusSeconds(instance.number());
        ds.setDate(Tag.InstanceCreationDate, study.date());
        ds.setString(Tag.InstanceCreationTime, VR.TM, tm(contentTime));

        // Patient
        ds.setString(Tag.PatientName, VR.PN, study.patient().name());
        ds.setString(Tag.PatientID, VR.LO, study.patient().id());
        ds.setString(Tag.IssuerOfPatientID, VR.LO, "SEN");
        ds.setDate(Tag.PatientBirthDate, study.patient().birthDate());
        ds.setString(Tag.PatientSex, VR.CS, study.patient().sex());
        ds.setString(Tag.PatientAge, VR.AS, age(study.patient().birthDate(), study.date()));

        // General Study
        ds.setString(Tag.StudyInstanceUID, VR.UI, study.uid());
        ds.setDate(Tag.StudyDate, study.date());
        ds.setString(Tag.StudyTime, VR.TM, tm(study.time()));
        ds.setString(Tag.ReferringPhysicianName, VR.PN, study.referringPhysician());
        ds.setString(Tag.StudyID, VR.SH, study.studyId());
        ds.setString(Tag.AccessionNumber, VR.SH, study.accession());
        ds.setString(Tag.StudyDescription, VR.LO, study.description());

        // General Series
        ds.setString(Tag.Modality, VR.CS, kind.modality);
        ds.setString(Tag.SeriesInstanceUID, VR.UI, series.uid());
        ds.setString(Tag.SeriesNumber, VR.IS, Integer.toString(series.number()));
        ds.setDate(Tag.SeriesDate, study.date());
        ds.setString(Tag.SeriesTime, VR.TM, tm(series.time()));
        ds.setString(Tag.SeriesDescription, VR.LO, series.description());
        if (!study.bodyPart().isEmpty()) ds.setString(Tag.BodyPartExamined, VR.CS, study.bodyPart());

        // General Equipment
        ds.setString(Tag.Manufacturer, VR.LO, MANUFACTURER);
        ds.setString(Tag.InstitutionName, VR.LO, study.institution());
        ds.setString(Tag.StationName, VR.SH, kind.modality + "01");
        ds.setString(Tag.ManufacturerModelName, VR.LO, "SYNTH " + kind.modality);

        if (kind == Kind.SR) {
            report(ds, study, contentTime, instance);
        } else {
            image(ds, study, series, instance, contentTime);
        }
        return ds;
    }

    // ------------------------------------------------------------------ images

    private static void image(DataSet ds, Study study, Series series, Instance instance, LocalTime contentTime) {
        Kind kind = series.kind();
        ds.setString(Tag.InstanceNumber, VR.IS, Integer.toString(instance.number()));
        ds.setDate(Tag.ContentDate, study.date());
        ds.setString(Tag.ContentTime, VR.TM, tm(contentTime));
        ds.setDate(Tag.AcquisitionDate, study.date());
        ds.setString(Tag.AcquisitionTime, VR.TM, tm(contentTime));
        ds.setString(Tag.AcquisitionNumber, VR.IS, "1");

        int rows = series.rows();
        int columns = series.columns();
        int slices = series.instances().size();
        int slice = instance.number() - 1;
        // Pixel spacing chosen so the field of view stays the modality's whatever the matrix.
        double fov = switch (kind) {
            case CT -> 350;
            case MR -> 240;
            case CR -> 428;
            case DX -> 430;
            default -> 160;
        };
        double spacing = fov / Math.max(rows, columns);

        switch (kind) {
            case CT, MR -> {
                double thickness = kind == Kind.CT ? (series.description().contains("1.25") ? 1.25 : 5.0) : 4.0;
                double z = -slice * thickness;
                ds.setString(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY", "AXIAL");
                ds.setString(Tag.SliceThickness, VR.DS, ds(thickness));
                ds.setString(Tag.PatientPosition, VR.CS, "HFS");
                ds.setString(Tag.ProtocolName, VR.LO, series.description());
                if (kind == Kind.CT) {
                    ds.setString(Tag.KVP, VR.DS, "120");
                    ds.setString(Tag.ConvolutionKernel, VR.SH, "STANDARD");
                } else {
                    ds.setString(Tag.ScanningSequence, VR.CS, "SE");
                    ds.setString(Tag.SequenceVariant, VR.CS, "NONE");
                    ds.setString(Tag.MRAcquisitionType, VR.CS, "2D");
                    ds.setString(Tag.RepetitionTime, VR.DS, series.description().startsWith("T1") ? "550" : "4000");
                    ds.setString(Tag.EchoTime, VR.DS, series.description().startsWith("T1") ? "12" : "95");
                    ds.setString(Tag.MagneticFieldStrength, VR.DS, "1.5");
                    ds.setString(Tag.ImagedNucleus, VR.SH, "1H");
                }
                double half = spacing * columns / 2;
                ds.setString(Tag.ImagePositionPatient, VR.DS, ds(-half), ds(-half), ds(z));
                ds.setString(Tag.ImageOrientationPatient, VR.DS, "1", "0", "0", "0", "1", "0");
                ds.setString(Tag.FrameOfReferenceUID, VR.UI, study.frameOfReferenceUid());
                ds.setEmpty(Tag.PositionReferenceIndicator, VR.LO);
                ds.setString(Tag.SliceLocation, VR.DS, ds(z));
                ds.setString(Tag.PixelSpacing, VR.DS, ds(spacing), ds(spacing));
                if (kind == Kind.CT) {
                    ds.setString(Tag.RescaleIntercept, VR.DS, "-1024");
                    ds.setString(Tag.RescaleSlope, VR.DS, "1");
                    ds.setString(Tag.RescaleType, VR.LO, "HU");
                    boolean lung = "CHEST".equals(study.bodyPart());
                    ds.setString(Tag.WindowCenter, VR.DS, lung ? "-600" : "40");
                    ds.setString(Tag.WindowWidth, VR.DS, lung ? "1500" : "400");
                } else {
                    ds.setString(Tag.WindowCenter, VR.DS, "700");
                    ds.setString(Tag.WindowWidth, VR.DS, "1400");
                }
            }
            case CR, DX -> {
                String view = instance.number() == 1 && series.number() == 1 ? "PA" : "LL";
                ds.setString(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY");
                ds.setString(Tag.ViewPosition, VR.CS, view);
                ds.setString(Tag.PatientOrientation, VR.CS, "L", "F");
                ds.setString(Tag.KVP, VR.DS, "110");
                ds.setString(Tag.ImagerPixelSpacing, VR.DS, ds(spacing), ds(spacing));
                ds.setString(Tag.PixelSpacing, VR.DS, ds(spacing), ds(spacing));
                int max = (1 << kind.bitsStored) - 1;
                ds.setString(Tag.WindowCenter, VR.DS, Integer.toString(max / 2));
                ds.setString(Tag.WindowWidth, VR.DS, Integer.toString(max));
                if (kind == Kind.DX) {
                    ds.setString(Tag.PresentationIntentType, VR.CS, "FOR PRESENTATION");
                    ds.setString(Tag.DetectorType, VR.CS, "DIRECT");
                    ds.setString(Tag.PixelIntensityRelationship, VR.CS, "LOG");
                    ds.setInt(Tag.PixelIntensityRelationshipSign, VR.SS, 1);
                    ds.setString(Tag.RescaleIntercept, VR.DS, "0");
                    ds.setString(Tag.RescaleSlope, VR.DS, "1");
                    ds.setString(Tag.RescaleType, VR.LO, "US");
                    ds.setString(Tag.PresentationLUTShape, VR.CS, "IDENTITY");
                    ds.setString(Tag.LossyImageCompression, VR.CS, "00");
                    ds.setString(Tag.BurnedInAnnotation, VR.CS, "NO");
                }
            }
            case US -> {
                ds.setString(Tag.ImageType, VR.CS, "ORIGINAL", "PRIMARY");
                ds.setEmpty(Tag.PatientOrientation, VR.CS);
                ds.setString(Tag.NumberOfFrames, VR.IS, Integer.toString(instance.frames()));
                ds.setInt(Tag.FrameIncrementPointer, VR.AT, Tag.FrameTime);
                ds.setString(Tag.FrameTime, VR.DS, "33.3");
                ds.setString(Tag.CineRate, VR.IS, "30");
                ds.setString(Tag.LossyImageCompression, VR.CS, "00");
                ds.setString(Tag.BurnedInAnnotation, VR.CS, "NO");
            }
            default -> throw new IllegalStateException(kind.name());
        }

        // Image Pixel
        ds.setInt(Tag.SamplesPerPixel, VR.US, kind.samplesPerPixel);
        ds.setString(Tag.PhotometricInterpretation, VR.CS, kind.samplesPerPixel == 3 ? "RGB" : "MONOCHROME2");
        if (kind.samplesPerPixel == 3) ds.setInt(Tag.PlanarConfiguration, VR.US, 0);
        ds.setInt(Tag.Rows, VR.US, rows);
        ds.setInt(Tag.Columns, VR.US, columns);
        ds.setInt(Tag.BitsAllocated, VR.US, kind.bitsAllocated);
        ds.setInt(Tag.BitsStored, VR.US, kind.bitsStored);
        ds.setInt(Tag.HighBit, VR.US, kind.bitsStored - 1);
        ds.setInt(Tag.PixelRepresentation, VR.US, 0);
        byte[] pixels = PixelSynth.pixels(kind, study.bodyPart(), rows, columns, instance.frames(), slice, slices,
                instance.pixelSeed());
        ds.setBytes(Tag.PixelData, kind.bitsAllocated == 8 ? VR.OB : VR.OW, pixels);
    }

    // ------------------------------------------------------------------ reports

    private static final List<String[]> FINDINGS_VI = List.of(
            new String[] {"Nhu mô não không thấy tổn thương khu trú. Hệ thống não thất không giãn.",
                "Không thấy bất thường trên phim chụp."},
            new String[] {"Hai phổi sáng đều, không thấy nốt mờ. Bóng tim không to. Góc sườn hoành hai bên nhọn.",
                "Chưa phát hiện bất thường tim phổi."},
            new String[] {"Gan không to, nhu mô đều. Đường mật trong và ngoài gan không giãn. Hai thận kích thước bình thường.",
                "Hình ảnh ổ bụng trong giới hạn bình thường."},
            new String[] {"Thoái hóa đốt sống thắt lưng L4-L5, hẹp nhẹ khe đĩa đệm. Không thấy xẹp đốt sống.",
                "Thoái hóa cột sống thắt lưng mức độ nhẹ; đề nghị đối chiếu lâm sàng."});

    private static final List<String[]> FINDINGS_EN = List.of(
            new String[] {"No focal parenchymal lesion. Ventricles are not dilated.", "No abnormality detected."},
            new String[] {"Lungs are clear. Heart size is normal. Costophrenic angles are sharp.",
                "No acute cardiopulmonary abnormality."},
            new String[] {"Liver is normal in size and texture. No biliary dilatation. Kidneys are normal.",
                "Normal abdominal imaging."},
            new String[] {"Degenerative change at L4-L5 with mild disc space narrowing. No compression fracture.",
                "Mild lumbar spondylosis; clinical correlation advised."});

    /** Basic Text SR: a title container holding history, finding and impression as text. */
    private static void report(DataSet ds, Study study, LocalTime contentTime, Instance instance) {
        boolean ascii = study.ascii();
        String[] text = (ascii ? FINDINGS_EN : FINDINGS_VI).get(Math.floorMod(instance.pixelSeed(), 4));
        ds.setString(Tag.InstanceNumber, VR.IS, Integer.toString(instance.number()));
        ds.setDate(Tag.ContentDate, study.date());
        ds.setString(Tag.ContentTime, VR.TM, tm(contentTime));
        ds.setString(Tag.CompletionFlag, VR.CS, "COMPLETE");
        ds.setString(Tag.VerificationFlag, VR.CS, "UNVERIFIED");
        ds.newSequence(Tag.ReferencedPerformedProcedureStepSequence, 0);
        ds.newSequence(Tag.PerformedProcedureCodeSequence, 0);

        ds.setString(Tag.ValueType, VR.CS, "CONTAINER");
        code(ds.newSequence(Tag.ConceptNameCodeSequence, 1).addItem(), "18748-4", "LN", "Diagnostic Imaging Report");
        ds.setString(Tag.ContinuityOfContent, VR.CS, "SEPARATE");
        Sequence content = ds.newSequence(Tag.ContentSequence, 3);
        text(content.addItem(), "121060", "History", ascii ? "Requested: " + study.description()
                : "Chỉ định: " + study.description());
        text(content.addItem(), "121071", "Finding", text[0]);
        text(content.addItem(), "121073", "Impression", text[1]);
    }

    private static void text(DataSet item, String code, String meaning, String value) {
        item.setString(Tag.RelationshipType, VR.CS, "CONTAINS");
        item.setString(Tag.ValueType, VR.CS, "TEXT");
        code(item.newSequence(Tag.ConceptNameCodeSequence, 1).addItem(), code, "DCM", meaning);
        item.setString(Tag.TextValue, VR.UT, value);
    }

    private static void code(DataSet item, String value, String scheme, String meaning) {
        item.setString(Tag.CodeValue, VR.SH, value);
        item.setString(Tag.CodingSchemeDesignator, VR.SH, scheme);
        item.setString(Tag.CodeMeaning, VR.LO, meaning);
    }

    // ------------------------------------------------------------------ values

    static String tm(LocalTime t) {
        return String.format(Locale.ROOT, "%02d%02d%02d", t.getHour(), t.getMinute(), t.getSecond());
    }

    /** Patient's Age (AS): years, or months under two, or days under a month. */
    static String age(LocalDate birth, LocalDate at) {
        Period p = Period.between(birth, at);
        if (p.getYears() >= 2) return String.format(Locale.ROOT, "%03dY", Math.min(999, p.getYears()));
        int months = p.getYears() * 12 + p.getMonths();
        if (months >= 1) return String.format(Locale.ROOT, "%03dM", months);
        return String.format(Locale.ROOT, "%03dD", Math.max(0, p.getDays()));
    }

    /** A Decimal String of at most 16 characters. */
    static String ds(double v) {
        return DateTimes.formatDecimal(v);
    }
}
