package org.senpacs.dicom;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A transfer syntax of PS3.5 §10 and how it encodes a data set.
 *
 * @param uid the UID
 * @param keyword the keyword, as in {@link UID}
 * @param name the standard's name
 * @param explicitVR explicit VR (false only for Implicit VR Little Endian)
 * @param bigEndian big-endian byte order (the retired Explicit VR Big Endian)
 * @param deflated the data set after the meta information is deflated (RFC 1951)
 * @param encapsulated pixel data is encapsulated as fragments (compressed or not)
 * @param retired retired from the standard
 */
public record TransferSyntax(String uid, String keyword, String name, boolean explicitVR, boolean bigEndian,
                             boolean deflated, boolean encapsulated, boolean retired) {

    private static final Map<String, TransferSyntax> KNOWN = new LinkedHashMap<>();

    static {
        for (UidDictionary.Entry e : UidDictionary.standard().entries(UidDictionary.Type.TRANSFER_SYNTAX)) {
            List<String> flags = List.of(e.flags().split(","));
            KNOWN.put(e.uid(), new TransferSyntax(e.uid(), e.keyword(), e.name(), flags.contains("explicit"),
                    flags.contains("big"), flags.contains("deflate"), flags.contains("encap"), e.retired()));
        }
    }

    public static final TransferSyntax IMPLICIT_VR_LITTLE_ENDIAN = of(UID.ImplicitVRLittleEndian);
    public static final TransferSyntax EXPLICIT_VR_LITTLE_ENDIAN = of(UID.ExplicitVRLittleEndian);
    public static final TransferSyntax EXPLICIT_VR_BIG_ENDIAN = of(UID.ExplicitVRBigEndian);
    public static final TransferSyntax DEFLATED_EXPLICIT_VR_LITTLE_ENDIAN = of(UID.DeflatedExplicitVRLittleEndian);

    /** The transfer syntax of a UID; an unknown UID is taken as a compressed explicit VR little endian one. */
    public static TransferSyntax of(String uid) {
        TransferSyntax ts = KNOWN.get(uid);
        return ts != null ? ts : new TransferSyntax(uid, "", "Unknown transfer syntax " + uid, true, false, false, true,
                false);
    }

    /** True when the UID is a transfer syntax of the standard. */
    public static boolean isKnown(String uid) {
        return KNOWN.containsKey(uid);
    }

    public static Collection<TransferSyntax> all() {
        return Collections.unmodifiableCollection(KNOWN.values());
    }

    /** Native (uncompressed, not encapsulated) pixel data: the four data-set encodings. */
    public boolean isNative() {
        return !encapsulated;
    }

    @Override
    public String toString() {
        return name + " [" + uid + "]";
    }
}
