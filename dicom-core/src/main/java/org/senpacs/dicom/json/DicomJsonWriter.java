package org.senpacs.dicom.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import org.senpacs.dicom.BulkData;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Fragments;
import org.senpacs.dicom.Sequence;
import org.senpacs.dicom.Tags;
import org.senpacs.dicom.VR;

/**
 * Writes data sets as the DICOM JSON Model of PS3.18 Annex F.2, streaming: nothing but the value
 * being written is held in memory, and bulk data is base64-encoded straight from its source.
 *
 * <p>One data set is a JSON object; several (a QIDO-RS result) go between {@link #writeStartArray()}
 * and {@link #writeEndArray()}, or through {@link #writeAll}. Per element:
 * <ul>
 * <li>the key is the tag as 8 upper-case hex digits; group lengths (gggg,0000) are left out;</li>
 * <li>{@code "vr"} comes first, then at most one of {@code "Value"}, {@code "InlineBinary"} and
 *     {@code "BulkDataURI"}; an empty value has none of them;</li>
 * <li>IS, DS, FL, FD, SL, SS, UL, US, SV and UV values are JSON numbers; an IS or DS value that is
 *     not a number is written as the string it is, as are NaN and infinite FL/FD values
 *     ({@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"});</li>
 * <li>AT values are 8-hex-digit strings; PN values are objects with the non-empty groups among
 *     {@code "Alphabetic"}, {@code "Ideographic"} and {@code "Phonetic"};</li>
 * <li>an empty value among several is {@code null};</li>
 * <li>SQ values are arrays of data set objects;</li>
 * <li>OB, OD, OF, OL, OV, OW and UN values, encapsulated pixel data and {@link BulkData}
 *     references go as {@code "BulkDataURI"} when the {@link BulkDataUriProvider} gives a URI, else
 *     as {@code "InlineBinary"} (encapsulated pixel data in its encapsulated form: items and a
 *     sequence delimiter, PS3.5 A.4). A reference that is not a local file keeps its own URI. A
 *     reference of another VR that is a local file is read and written as values.</li>
 * </ul>
 *
 * <p>Not thread-safe. {@link #close()} ends the JSON and flushes, but leaves the stream or writer
 * given to the constructor open.
 */
public final class DicomJsonWriter implements Closeable, Flushable {

    static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private final JsonGenerator gen;
    private BulkDataUriProvider uriProvider = BulkDataUriProvider.INLINE;
    private boolean includeBulkData = true;
    private int[] path = new int[8];
    private int pathLength;

    /** Writes UTF-8 to {@code out}. */
    public DicomJsonWriter(OutputStream out) throws IOException {
        this.gen = FACTORY.createGenerator(out, JsonEncoding.UTF8);
    }

    public DicomJsonWriter(Writer out) throws IOException {
        this.gen = FACTORY.createGenerator(out);
    }

    /** Chooses which bulk data values go as BulkDataURI; {@link BulkDataUriProvider#INLINE} by default. */
    public DicomJsonWriter bulkDataUriProvider(BulkDataUriProvider provider) {
        this.uriProvider = provider == null ? BulkDataUriProvider.INLINE : provider;
        return this;
    }

    /**
     * With false, bulk data elements (OB, OD, OF, OL, OV, OW, UN, encapsulated pixel data and
     * {@link BulkData} references) are left out entirely. True by default.
     */
    public DicomJsonWriter includeBulkData(boolean include) {
        this.includeBulkData = include;
        return this;
    }

    /** Indents the output (for people; DICOMweb responses are better compact). */
    public DicomJsonWriter prettyPrint(boolean pretty) {
        if (pretty) gen.useDefaultPrettyPrinter();
        else gen.setPrettyPrinter(null);
        return this;
    }

    /** Starts the top-level array of a multiple-results response (PS3.18 F.2.1). */
    public void writeStartArray() throws IOException {
        gen.writeStartArray();
    }

    public void writeEndArray() throws IOException {
        gen.writeEndArray();
    }

    /** Writes the data sets as a JSON array. */
    public void writeAll(Iterable<DataSet> dataSets) throws IOException {
        gen.writeStartArray();
        for (DataSet ds : dataSets) write(ds);
        gen.writeEndArray();
    }

    /** Writes one data set as a JSON object (an array element when inside an array). */
    public void write(DataSet ds) throws IOException {
        pathLength = 0;
        writeObject(ds);
    }

    @Override
    public void flush() throws IOException {
        gen.flush();
    }

    /** Closes any open arrays and objects and flushes; the underlying stream stays open. */
    @Override
    public void close() throws IOException {
        gen.close();
    }

    private void writeObject(DataSet ds) throws IOException {
        gen.writeStartObject();
        for (int i = 0; i < ds.size(); i++) {
            if (!Tags.isGroupLength(ds.tagAt(i))) writeElement(ds, i);
        }
        gen.writeEndObject();
    }

    private void writeElement(DataSet ds, int i) throws IOException {
        int tag = ds.tagAt(i);
        VR vr = ds.vrAt(i);
        Object v = ds.valueAt(i);
        if (v instanceof String && vr.isBulk()) v = ds.getBytes(tag);
        boolean bulk = vr.isBulk() || v instanceof Fragments || v instanceof BulkData;
        if (bulk && !includeBulkData) return;
        String uri = null;
        if (bulk && ModelValues.binaryLength(v) != 0) {
            uri = uriProvider.uriFor(Arrays.copyOf(path, pathLength), tag, vr, v);
            if (uri == null && !ModelValues.isLocal(v)) {
                if (v instanceof BulkData ref) {
                    uri = ref.uri();
                } else {
                    throw new IOException("cannot inline " + Tags.toString(tag) + ": a fragment is not a local file");
                }
            }
        }
        gen.writeFieldName(Tags.toHex(tag));
        gen.writeStartObject();
        gen.writeStringField("vr", vr.name());
        if (uri != null) {
            gen.writeStringField("BulkDataURI", uri);
        } else if (v instanceof Sequence seq) {
            writeItems(tag, seq);
        } else if (vr.isBulk() || v instanceof Fragments) {
            writeInline(v, vr);
        } else if (v instanceof BulkData) {
            writeValues(ModelValues.materialize(ds, i), tag, vr);
        } else {
            writeValues(ds, tag, vr);
        }
        gen.writeEndObject();
    }

    private void writeItems(int tag, Sequence seq) throws IOException {
        if (seq.isEmpty()) return;
        if (pathLength + 2 > path.length) path = Arrays.copyOf(path, path.length * 2);
        int at = pathLength;
        pathLength += 2;
        path[at] = tag;
        gen.writeArrayFieldStart("Value");
        for (int k = 0; k < seq.size(); k++) {
            path[at + 1] = k;
            writeObject(seq.get(k));
        }
        gen.writeEndArray();
        pathLength = at;
    }

    private void writeInline(Object v, VR vr) throws IOException {
        long n = ModelValues.binaryLength(v);
        if (n == 0) return;
        gen.writeFieldName("InlineBinary");
        if (v instanceof byte[] b) {
            gen.writeBinary(b);
            return;
        }
        try (InputStream in = ModelValues.openBinary(v, vr)) {
            gen.writeBinary(in, n > Integer.MAX_VALUE || n < 0 ? -1 : (int) n);
        }
    }

    private void writeValues(DataSet ds, int tag, VR vr) throws IOException {
        switch (vr) {
            case FL, FD -> {
                double[] d = ds.getDoubles(tag);
                if (d.length == 0) return;
                gen.writeArrayFieldStart("Value");
                for (double x : d) {
                    if (Double.isNaN(x)) gen.writeString("NaN");
                    else if (Double.isInfinite(x)) gen.writeString(x > 0 ? "Infinity" : "-Infinity");
                    else if (vr == VR.FL) gen.writeNumber((float) x);
                    else gen.writeNumber(x);
                }
                gen.writeEndArray();
            }
            case SS, US, SL, UL, SV, UV, AT -> {
                long[] l = ds.getLongs(tag);
                if (l.length == 0) return;
                gen.writeArrayFieldStart("Value");
                for (long x : l) {
                    if (vr == VR.AT) gen.writeString(Tags.toHex((int) x));
                    else if (vr == VR.UV && x < 0) gen.writeNumber(new BigInteger(Long.toUnsignedString(x)));
                    else gen.writeNumber(x);
                }
                gen.writeEndArray();
            }
            default -> writeStrings(ds.getStrings(tag), vr);
        }
    }

    private void writeStrings(String[] values, VR vr) throws IOException {
        if (values.length == 0 || values.length == 1 && values[0].isEmpty()) return;
        gen.writeArrayFieldStart("Value");
        for (String s : values) {
            if (s.isEmpty()) {
                gen.writeNull();
            } else if (vr == VR.PN) {
                writePersonName(s);
            } else if (vr == VR.IS) {
                writeIntegerString(s);
            } else if (vr == VR.DS) {
                writeDecimalString(s);
            } else {
                gen.writeString(s);
            }
        }
        gen.writeEndArray();
    }

    private void writePersonName(String s) throws IOException {
        String[] g = ModelValues.personNameGroups(s);
        gen.writeStartObject();
        if (!g[0].isEmpty()) gen.writeStringField("Alphabetic", g[0]);
        if (!g[1].isEmpty()) gen.writeStringField("Ideographic", g[1]);
        if (!g[2].isEmpty()) gen.writeStringField("Phonetic", g[2]);
        gen.writeEndObject();
    }

    private void writeIntegerString(String s) throws IOException {
        try {
            gen.writeNumber(Long.parseLong(s.startsWith("+") ? s.substring(1) : s));
        } catch (NumberFormatException e) {
            gen.writeString(s);
        }
    }

    private void writeDecimalString(String s) throws IOException {
        if (ModelValues.isJsonNumber(s)) {
            gen.writeNumber(s); // exactly as held: "1.50" stays "1.50"
            return;
        }
        BigDecimal d;
        try {
            d = new BigDecimal(s);
        } catch (NumberFormatException e) {
            gen.writeString(s);
            return;
        }
        gen.writeNumber(d);
    }
}
