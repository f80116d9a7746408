package org.senpacs.dicom;

/**
 * Value Representations of PS3.5 §6.2, with the properties the encoder and decoder need.
 *
 * <p>{@link #longHeader} marks the VRs whose explicit-VR header has two reserved bytes and a 32-bit
 * length (PS3.5 §7.1.2); the rest have a 16-bit length. {@link #charsetDependent} marks the text
 * VRs whose bytes follow the Specific Character Set (0008,0005); the others are in the default
 * repertoire.
 */
public enum VR {
    AE(Kind.TEXT, false, false, 1, ' ', 16),
    AS(Kind.TEXT, false, false, 1, ' ', 4),
    AT(Kind.BINARY, false, false, 4, 0, 4),
    CS(Kind.TEXT, false, false, 1, ' ', 16),
    DA(Kind.TEXT, false, false, 1, ' ', 8),
    DS(Kind.TEXT, false, false, 1, ' ', 16),
    DT(Kind.TEXT, false, false, 1, ' ', 26),
    FD(Kind.BINARY, false, false, 8, 0, 8),
    FL(Kind.BINARY, false, false, 4, 0, 4),
    IS(Kind.TEXT, false, false, 1, ' ', 12),
    LO(Kind.TEXT, false, true, 1, ' ', 64),
    LT(Kind.TEXT, false, true, 1, ' ', 10240),
    OB(Kind.BULK, true, false, 1, 0, -1),
    OD(Kind.BULK, true, false, 8, 0, -1),
    OF(Kind.BULK, true, false, 4, 0, -1),
    OL(Kind.BULK, true, false, 4, 0, -1),
    OV(Kind.BULK, true, false, 8, 0, -1),
    OW(Kind.BULK, true, false, 2, 0, -1),
    PN(Kind.TEXT, false, true, 1, ' ', 64),
    SH(Kind.TEXT, false, true, 1, ' ', 16),
    SL(Kind.BINARY, false, false, 4, 0, 4),
    SQ(Kind.SEQUENCE, true, false, 0, 0, -1),
    SS(Kind.BINARY, false, false, 2, 0, 2),
    ST(Kind.TEXT, false, true, 1, ' ', 1024),
    SV(Kind.BINARY, true, false, 8, 0, 8),
    TM(Kind.TEXT, false, false, 1, ' ', 14),
    UC(Kind.TEXT, true, true, 1, ' ', -1),
    UI(Kind.TEXT, false, false, 1, 0, 64),
    UL(Kind.BINARY, false, false, 4, 0, 4),
    UN(Kind.BULK, true, false, 1, 0, -1),
    UR(Kind.TEXT, true, false, 1, ' ', -1),
    US(Kind.BINARY, false, false, 2, 0, 2),
    UT(Kind.TEXT, true, true, 1, ' ', -1),
    UV(Kind.BINARY, true, false, 8, 0, 8);

    /** How a value of this VR is held. */
    public enum Kind {
        /** Character strings (possibly multi-valued with backslash). */
        TEXT,
        /** Fixed-size binary numbers (and AT). */
        BINARY,
        /** Other-byte/word/... and unknown: byte blobs, possibly large. */
        BULK,
        /** Sequence of items. */
        SEQUENCE
    }

    public final Kind kind;
    /** Explicit VR header with 2 reserved bytes and a 4-byte length. */
    public final boolean longHeader;
    /** Text whose encoding follows the Specific Character Set. */
    public final boolean charsetDependent;
    /** Bytes per value for binary VRs (1 for text and OB/UN, 0 for SQ): the unit of byte swapping. */
    public final int unitSize;
    /** The byte that pads a value to even length. */
    public final byte padding;
    /** Maximum length of one value in characters or bytes, -1 when unbounded. */
    public final int maxLength;

    private final int code;

    VR(Kind kind, boolean longHeader, boolean charsetDependent, int unitSize, int padding, int maxLength) {
        this.kind = kind;
        this.longHeader = longHeader;
        this.charsetDependent = charsetDependent;
        this.unitSize = unitSize;
        this.padding = (byte) padding;
        this.maxLength = maxLength;
        this.code = (name().charAt(0) << 8) | name().charAt(1);
    }

    private static final VR[] BY_CODE = new VR[1 << 10];

    static {
        for (VR vr : values()) {
            BY_CODE[index(vr.code)] = vr;
        }
    }

    private static int index(int code) {
        // Both bytes are 'A'..'Z': 5 bits each.
        return (((code >> 8) - 'A') << 5) | ((code & 0xFF) - 'A');
    }

    /** The two-byte code as it stands in an explicit VR header, big end first ('P' 'N' is 0x504E). */
    public int code() {
        return code;
    }

    /** The VR for the two header bytes, or null when they are not a VR. */
    public static VR ofCode(int code) {
        int hi = code >> 8;
        int lo = code & 0xFF;
        if (hi < 'A' || hi > 'Z' || lo < 'A' || lo > 'Z') return null;
        return BY_CODE[index(code)];
    }

    /** Parses a VR name such as "PN", or null. */
    public static VR ofName(String name) {
        return name != null && name.length() == 2 ? ofCode((name.charAt(0) << 8) | name.charAt(1)) : null;
    }

    public boolean isText() {
        return kind == Kind.TEXT;
    }

    public boolean isBinary() {
        return kind == Kind.BINARY;
    }

    public boolean isBulk() {
        return kind == Kind.BULK;
    }

    /** Text VRs that never hold more than one value (backslash is a character in them). */
    public boolean isSingleValuedText() {
        return this == LT || this == ST || this == UT || this == UR;
    }

    /** Values whose bytes depend on byte order: numbers, and OW/OF/OL/OD/OV bulk data. */
    public boolean needsByteSwap() {
        return unitSize > 1;
    }

    /** The unit whose bytes a byte-order change reverses: AT is two 16-bit numbers. */
    public int swapUnit() {
        return this == AT ? 2 : unitSize;
    }
}
