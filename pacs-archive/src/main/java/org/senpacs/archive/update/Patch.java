package org.senpacs.archive.update;

import java.util.Set;
import org.senpacs.archive.index.Levels;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Sequence;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.Tags;
import org.senpacs.dicom.charset.SpecificCharacterSet;

/**
 * Attributes to write over those of stored objects: text decoded (so it applies to data sets in
 * any character set), and applied by switching the target to UTF-8 when its character set cannot
 * hold the new text. The identifying UIDs of objects, the file meta group and pixel data are never
 * patched.
 */
final class Patch {

    private static final Set<Integer> NEVER = Set.of(Tag.SOPInstanceUID, Tag.SOPClassUID, Tag.StudyInstanceUID,
            Tag.SeriesInstanceUID);

    private final DataSet attrs;
    private final boolean ascii;

    Patch(DataSet patch) {
        DataSet p = patch.copy();
        p.setSpecificCharacterSet(SpecificCharacterSet.UTF_8);
        for (int i = 0; i < p.size(); i++) {
            int tag = p.tagAt(i);
            if (NEVER.contains(tag) || Tags.group(tag) == 0x0002 || Tags.group(tag) >= 0x7FE0) {
                throw new IllegalArgumentException("a study update may not change " + Tags.toHex(tag));
            }
        }
        this.ascii = isAscii(p);
        p.remove(Tag.SpecificCharacterSet);
        this.attrs = p;
    }

    /** The patch's attributes (without Specific Character Set). */
    DataSet attributes() {
        return attrs;
    }

    /** The patch's attributes of one level of the index. */
    DataSet level(Levels.Level level) {
        return Levels.extract(attrs, level);
    }

    /** Writes {@code patch} (attributes of this patch, or of one level of it) over {@code target}. */
    void applyTo(DataSet target, DataSet patch) {
        if (patch.isEmpty()) return;
        if (!ascii && !target.charset().equals(SpecificCharacterSet.UTF_8)) target.setSpecificCharacterSet(SpecificCharacterSet.UTF_8);
        target.addAll(patch);
    }

    private static boolean isAscii(DataSet ds) {
        for (int i = 0; i < ds.size(); i++) {
            Object v = ds.valueAt(i);
            if (v instanceof Sequence seq) {
                for (DataSet item : seq) {
                    if (!isAscii(item)) return false;
                }
            } else if (v instanceof String s && !s.chars().allMatch(c -> c < 0x80)) {
                return false;
            } else if (v instanceof byte[] b && ds.vrAt(i).isText()) {
                for (byte x : b) {
                    if (x < 0) return false;
                }
            }
        }
        return true;
    }
}
