package org.senpacs.dicom;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Encapsulated pixel data (PS3.5 §A.4): the Basic Offset Table item, then one or more fragments.
 * Each fragment is a {@code byte[]} or a {@link BulkData} reference.
 */
public final class Fragments {

    private byte[] offsetTable;
    private final List<Object> fragments;
    private boolean frozen;

    public Fragments() {
        this(new byte[0], new ArrayList<>());
    }

    private Fragments(byte[] offsetTable, List<Object> fragments) {
        this.offsetTable = offsetTable;
        this.fragments = fragments;
    }

    /** The Basic Offset Table item's bytes (little endian 32-bit offsets), often empty. */
    public byte[] offsetTable() {
        return offsetTable;
    }

    public void setOffsetTable(byte[] table) {
        checkMutable();
        this.offsetTable = table == null ? new byte[0] : table;
    }

    public void add(byte[] fragment) {
        checkMutable();
        fragments.add(fragment);
    }

    public void add(BulkData fragment) {
        checkMutable();
        fragments.add(fragment);
    }

    /** The fragments after the offset table: each a {@code byte[]} or a {@link BulkData}. */
    public List<Object> fragments() {
        return Collections.unmodifiableList(fragments);
    }

    public int size() {
        return fragments.size();
    }

    /** Length in bytes of fragment {@code i}. */
    public long length(int i) {
        Object f = fragments.get(i);
        return f instanceof byte[] b ? b.length : ((BulkData) f).length();
    }

    Fragments copy() {
        return new Fragments(offsetTable.clone(), new ArrayList<>(fragments));
    }

    void freeze() {
        frozen = true;
    }

    private void checkMutable() {
        if (frozen) throw new UnsupportedOperationException("read-only data set");
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Fragments other) || other.fragments.size() != fragments.size()) return false;
        if (!java.util.Arrays.equals(offsetTable, other.offsetTable)) return false;
        for (int i = 0; i < fragments.size(); i++) {
            if (!Values.sameBytes(fragments.get(i), other.fragments.get(i))) return false;
        }
        return true;
    }

    @Override
    public int hashCode() {
        return fragments.size();
    }
}
