package org.senpacs.dicom;

/** Who we are on the wire and in files: (0002,0012), (0002,0013) and the A-ASSOCIATE user information. */
public final class Implementation {

    private Implementation() {}

    /** Sen PACS's Implementation Class UID: a 2.25 UUID-derived UID, fixed for the product. */
    public static final String CLASS_UID = "2.25.81175450950588754478605614976351929389";

    /** Implementation Version Name (SH, at most 16 characters). */
    public static final String VERSION_NAME = "SENPACS_0.1";
}
