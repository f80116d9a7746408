package org.senpacs.dicom.json;

import org.senpacs.dicom.Tags;
import org.senpacs.dicom.VR;

/**
 * Decides, for each bulk data value a writer meets, whether it is written as a {@code BulkDataURI}
 * (PS3.18 F.2.6, PS3.19 A.1.5 BulkData) or inline as base64 ({@code InlineBinary}, F.2.7).
 *
 * <p>Asked for values of VR OB, OD, OF, OL, OV, OW and UN, for encapsulated pixel data
 * ({@link org.senpacs.dicom.Fragments}) and for {@link org.senpacs.dicom.BulkData} references of
 * any VR, never for empty values. Used by {@link DicomJsonWriter} and
 * {@link org.senpacs.dicom.xml.DicomXmlWriter}.
 */
@FunctionalInterface
public interface BulkDataUriProvider {

    /**
     * The URI to write for a value, or null to write it inline. A {@code BulkData} reference that is
     * not a local file cannot be inlined: when this returns null for one, its own URI is written.
     *
     * @param itemPath where the data set holding the element is: pairs of (sequence tag, 0-based
     *     item index) from the top-level data set down; empty at the top level. A fresh array, the
     *     callee may keep it.
     * @param tag the element's tag
     * @param vr the element's VR
     * @param value the value as held: {@code byte[]}, {@link org.senpacs.dicom.Fragments} or
     *     {@link org.senpacs.dicom.BulkData}
     */
    String uriFor(int[] itemPath, int tag, VR vr, Object value);

    /** Writes every value inline (the default). */
    BulkDataUriProvider INLINE = (itemPath, tag, vr, value) -> null;

    /**
     * URIs under a base, in the style of a WADO-RS bulk data resource: {@code base/7FE00010} at the
     * top level, {@code base/00081115/0/7FE00010} inside item 0 of (0008,1115), and so on.
     */
    static BulkDataUriProvider under(String baseUri) {
        String base = baseUri.endsWith("/") ? baseUri.substring(0, baseUri.length() - 1) : baseUri;
        return (itemPath, tag, vr, value) -> {
            StringBuilder sb = new StringBuilder(base);
            for (int i = 0; i + 1 < itemPath.length; i += 2) {
                sb.append('/').append(Tags.toHex(itemPath[i])).append('/').append(itemPath[i + 1]);
            }
            return sb.append('/').append(Tags.toHex(tag)).toString();
        };
    }
}
