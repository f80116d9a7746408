package org.senpacs.dicom;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;

/** The items of a sequence element (VR SQ). Items know their parent data set, for the character set. */
public final class Sequence extends AbstractList<DataSet> implements RandomAccess {

    private final DataSet parent;
    private final List<DataSet> items;
    private boolean frozen;

    Sequence(DataSet parent, int initialCapacity) {
        this.parent = parent;
        this.items = new ArrayList<>(initialCapacity);
    }

    public DataSet parent() {
        return parent;
    }

    @Override
    public DataSet get(int index) {
        return items.get(index);
    }

    @Override
    public int size() {
        return items.size();
    }

    /** Appends a new empty item and returns it. */
    public DataSet addItem() {
        DataSet item = new DataSet(parent, 8);
        add(item);
        return item;
    }

    @Override
    public void add(int index, DataSet item) {
        checkMutable();
        item.setParent(parent);
        items.add(index, item);
    }

    @Override
    public DataSet set(int index, DataSet item) {
        checkMutable();
        item.setParent(parent);
        return items.set(index, item);
    }

    @Override
    public DataSet remove(int index) {
        checkMutable();
        return items.remove(index);
    }

    Sequence copy(DataSet newParent) {
        Sequence s = new Sequence(newParent, items.size());
        for (DataSet item : items) s.items.add(item.copy(newParent));
        return s;
    }

    void freeze() {
        frozen = true;
        for (DataSet item : items) item.freeze();
    }

    private void checkMutable() {
        if (frozen) throw new UnsupportedOperationException("read-only data set");
    }
}
