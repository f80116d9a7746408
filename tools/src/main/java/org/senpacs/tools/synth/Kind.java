package org.senpacs.tools.synth;

import java.util.List;
import org.senpacs.dicom.UID;

/**
 * The kinds of object the corpus holds, each with its storage SOP class and its image geometry at
 * full size. {@link #rows}/{@link #columns} are the full-size matrix; {@code --pixels small} shrinks
 * every image to 64×64 (index-scale corpora).
 */
enum Kind {
    /** CT slices: 512×512, 16 bits allocated, 12 stored, MONOCHROME2, Hounsfield units + 1024. */
    CT(UID.CTImageStorage, "CT", 512, 512, 1, 16, 12),
    /** MR slices: 256×256, 16 bits allocated, 12 stored. */
    MR(UID.MRImageStorage, "MR", 256, 256, 1, 16, 12),
    /** Computed radiography: one large frame, 2140×1760 (35×43 cm at 0.2 mm). */
    CR(UID.ComputedRadiographyImageStorage, "CR", 2140, 1760, 1, 16, 12),
    /** Digital X-ray for presentation: one large frame, 3000×2500, 14 bits stored. */
    DX(UID.DigitalXRayImageStorageForPresentation, "DX", 3000, 2500, 1, 16, 14),
    /** Ultrasound cine loops: multi-frame 480×640 RGB, 8 bits. */
    US(UID.UltrasoundMultiFrameImageStorage, "US", 480, 640, 3, 8, 8),
    /** Basic Text SR: a radiology report, no pixel data. */
    SR(UID.BasicTextSRStorage, "SR", 0, 0, 0, 0, 0);

    /** The size of every image with {@code --pixels small}. */
    static final int SMALL_MATRIX = 64;

    final String sopClassUid;
    final String modality;
    final int rows;
    final int columns;
    final int samplesPerPixel;
    final int bitsAllocated;
    final int bitsStored;

    Kind(String sopClassUid, String modality, int rows, int columns, int samplesPerPixel, int bitsAllocated,
            int bitsStored) {
        this.sopClassUid = sopClassUid;
        this.modality = modality;
        this.rows = rows;
        this.columns = columns;
        this.samplesPerPixel = samplesPerPixel;
        this.bitsAllocated = bitsAllocated;
        this.bitsStored = bitsStored;
    }

    boolean hasPixels() {
        return this != SR;
    }

    /** CT and MR: studies of several series of many slices, sized by --series and --instances. */
    boolean volumetric() {
        return this == CT || this == MR;
    }

    /** The procedures a study of this kind may be: what the modality worklist would have ordered. */
    List<Procedure> procedures() {
        return switch (this) {
            case CT -> List.of(
                    new Procedure("CT SỌ NÃO KHÔNG TIÊM THUỐC CẢN QUANG", "CT HEAD WITHOUT CONTRAST", "HEAD"),
                    new Procedure("CT NGỰC LIỀU THẤP", "CT CHEST LOW DOSE", "CHEST"),
                    new Procedure("CT BỤNG CHẬU CÓ TIÊM THUỐC CẢN QUANG", "CT ABDOMEN PELVIS WITH CONTRAST", "ABDOMEN"),
                    new Procedure("CT CỘT SỐNG CỔ", "CT CERVICAL SPINE", "CSPINE"));
            case MR -> List.of(
                    new Procedure("MRI SỌ NÃO", "MRI BRAIN", "HEAD"),
                    new Procedure("MRI CỘT SỐNG THẮT LƯNG", "MRI LUMBAR SPINE", "LSPINE"),
                    new Procedure("MRI KHỚP GỐI", "MRI KNEE", "KNEE"));
            case CR -> List.of(
                    new Procedure("X-QUANG NGỰC THẲNG", "CHEST PA", "CHEST"),
                    new Procedure("X-QUANG CỘT SỐNG THẮT LƯNG THẲNG NGHIÊNG", "LUMBAR SPINE AP LAT", "LSPINE"));
            case DX -> List.of(
                    new Procedure("X-QUANG KHUNG CHẬU THẲNG", "PELVIS AP", "PELVIS"),
                    new Procedure("X-QUANG NGỰC THẲNG", "CHEST PA", "CHEST"),
                    new Procedure("X-QUANG BÀN TAY", "HAND", "HAND"));
            case US -> List.of(
                    new Procedure("SIÊU ÂM Ổ BỤNG TỔNG QUÁT", "US ABDOMEN", "ABDOMEN"),
                    new Procedure("SIÊU ÂM TUYẾN GIÁP", "US THYROID", "NECK"),
                    new Procedure("SIÊU ÂM TIM", "ECHOCARDIOGRAPHY", "HEART"));
            case SR -> List.of(
                    new Procedure("HỘI CHẨN KẾT QUẢ CHẨN ĐOÁN HÌNH ẢNH", "IMAGING CONSULTATION REPORT", ""));
        };
    }

    /** Series descriptions, in acquisition order. */
    List<String> seriesDescriptions() {
        return switch (this) {
            case CT -> List.of("AXIAL 5.0 MM", "AXIAL 1.25 MM", "CORONAL MPR 3.0 MM", "SAGITTAL MPR 3.0 MM",
                    "AXIAL 5.0 MM POST");
            case MR -> List.of("T1 SAG", "T2 SAG", "T2 AX", "FLAIR AX", "DWI", "T1 AX POST");
            case CR, DX -> List.of("PA", "LAT", "AP", "OBLIQUE");
            case US -> List.of("CINE");
            case SR -> List.of("BÁO CÁO");
        };
    }

    /**
     * A procedure: its description for Vietnamese-language (UTF-8) objects, for ASCII objects, and
     * its Body Part Examined (empty for reports).
     */
    record Procedure(String vietnamese, String english, String bodyPart) {}
}
