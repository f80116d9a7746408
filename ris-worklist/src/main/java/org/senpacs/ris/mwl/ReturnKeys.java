package org.senpacs.ris.mwl;

import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Sequence;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.charset.SpecificCharacterSet;

/**
 * The part of a worklist item a query asked for (PS3.4 C.2.2.1): each key of the identifier, with
 * the item's value or empty when it has none; a sequence key without items returns the whole
 * sequence, one with an item returns, from each of its items, the keys of that item. Specific
 * Character Set is ISO_IR 192 when a returned value needs it, absent otherwise.
 */
final class ReturnKeys {

    private ReturnKeys() {}

    static DataSet select(DataSet item, DataSet keys) {
        DataSet out = new DataSet(keys.size() + 1);
        out.setSpecificCharacterSet(SpecificCharacterSet.UTF_8);
        copyKeys(item, keys, out);
        if (isAscii(out)) out.remove(Tag.SpecificCharacterSet);
        return out;
    }

    private static void copyKeys(DataSet item, DataSet keys, DataSet out) {
        for (int i = 0; i < keys.size(); i++) {
            int tag = keys.tagAt(i);
            if (tag == Tag.SpecificCharacterSet) continue;
            int at = item.indexOf(tag);
            if (keys.vrAt(i) == VR.SQ) {
                Sequence asked = keys.getSequence(tag);
                if (at < 0 || !(item.valueAt(at) instanceof Sequence have)) {
                    out.setEmpty(tag, VR.SQ);
                } else if (asked == null || asked.isEmpty()) {
                    out.put(tag, VR.SQ, have);
                } else {
                    Sequence seq = out.newSequence(tag, have.size());
                    for (DataSet h : have) copyKeys(h, asked.get(0), seq.addItem());
                }
            } else if (at >= 0) {
                out.put(tag, item.vrAt(at), item.valueAt(at));
            } else {
                out.setEmpty(tag, keys.vrAt(i));
            }
        }
    }

    /** True when no text value (at any depth) needs more than the default repertoire. */
    static boolean isAscii(DataSet ds) {
        for (int i = 0; i < ds.size(); i++) {
            Object v = ds.valueAt(i);
            if (v instanceof Sequence seq) {
                for (DataSet item : seq) {
                    if (!isAscii(item)) return false;
                }
            } else if (ds.vrAt(i).isText()) {
                if (v instanceof String s && !s.chars().allMatch(c -> c < 0x80)) return false;
                if (v instanceof byte[] b) {
                    for (byte x : b) {
                        if (x < 0) return false;
                    }
                }
            }
        }
        return true;
    }
}
