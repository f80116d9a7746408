package org.senpacs.dicom.xml;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.senpacs.dicom.BulkData;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.ElementDictionary;
import org.senpacs.dicom.Fragments;
import org.senpacs.dicom.Sequence;
import org.senpacs.dicom.Tags;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.json.BulkDataUriProvider;
import org.senpacs.dicom.json.ModelValues;

/**
 * Writes a data set as a Native DICOM Model document (PS3.19 Annex A), streaming through the JDK's
 * StAX writer: nothing but the value being written is held in memory, bulk data is base64-encoded
 * straight from its source.
 *
 * <p>The root {@code NativeDicomModel} is in the namespace {@value #NAMESPACE} with
 * {@code xml:space="preserve"}. Each element is a {@code DicomAttribute} with {@code tag} (8 upper-case
 * hex digits), {@code vr}, {@code keyword} (standard elements) or {@code privateCreator} (private
 * elements whose creator is present); group lengths are left out. Its value is one of:
 * {@code Value number="n"} elements (numbers in decimal, FL/FD as the shortest text that reads back
 * the same, or NaN, INF, -INF; AT as 8 hex digits; an empty value among several as an empty element);
 * {@code PersonName number="n"} with {@code Alphabetic}, {@code Ideographic}, {@code Phonetic} groups
 * of {@code FamilyName}, {@code GivenName}, {@code MiddleName}, {@code NamePrefix}, {@code NameSuffix};
 * {@code Item number="n"} holding attributes; {@code BulkData uri="..."}; or {@code InlineBinary}
 * (base64). Bulk data follows the same rules as {@link org.senpacs.dicom.json.DicomJsonWriter}.
 *
 * <p>XML 1.0 cannot carry control characters other than TAB, LF and CR: a value holding one (a form
 * feed in a report, say) makes the writer fail with a {@link DicomXmlException} rather than change
 * the text. CR is written as a character reference so that it survives reading.
 *
 * <p>Configure, then use; writing does not change the configuration, so a configured writer can be
 * shared.
 */
public final class DicomXmlWriter {

    /** The namespace of the Native DICOM Model. */
    public static final String NAMESPACE = "http://dicom.nema.org/PS3.19/models/NativeDICOM";

    private static final String[] GROUPS = {"Alphabetic", "Ideographic", "Phonetic"};
    private static final String[] COMPONENTS = {"FamilyName", "GivenName", "MiddleName", "NamePrefix", "NameSuffix"};

    private BulkDataUriProvider uriProvider = BulkDataUriProvider.INLINE;
    private boolean includeBulkData = true;
    private boolean indent;

    /** Chooses which bulk data values go as {@code BulkData uri}; {@link BulkDataUriProvider#INLINE} by default. */
    public DicomXmlWriter bulkDataUriProvider(BulkDataUriProvider provider) {
        this.uriProvider = provider == null ? BulkDataUriProvider.INLINE : provider;
        return this;
    }

    /** With false, bulk data elements are left out entirely. True by default. */
    public DicomXmlWriter includeBulkData(boolean include) {
        this.includeBulkData = include;
        return this;
    }

    /** Puts each element on its own line, indented. Off by default. */
    public DicomXmlWriter indent(boolean indent) {
        this.indent = indent;
        return this;
    }

    /** Writes a whole document in UTF-8; the stream is flushed, not closed. */
    public void write(DataSet ds, OutputStream out) throws IOException {
        try {
            XMLStreamWriter w = XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out, "UTF-8");
            writeDocument(ds, w);
        } catch (XMLStreamException e) {
            throw new IOException("cannot write XML: " + e.getMessage(), e);
        }
        out.flush();
    }

    /** Writes a whole document; the writer is flushed, not closed. */
    public void write(DataSet ds, Writer out) throws IOException {
        try {
            writeDocument(ds, XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out));
        } catch (XMLStreamException e) {
            throw new IOException("cannot write XML: " + e.getMessage(), e);
        }
        out.flush();
    }

    private void writeDocument(DataSet ds, XMLStreamWriter w) throws XMLStreamException, IOException {
        w.writeStartDocument("UTF-8", "1.0");
        if (indent) w.writeCharacters("\n");
        writeModel(ds, w);
        w.writeEndDocument();
        w.flush();
        w.close();
    }

    /** Writes the {@code NativeDicomModel} element, for embedding in a document of the caller's. */
    public void writeModel(DataSet ds, XMLStreamWriter w) throws XMLStreamException, IOException {
        new Session(w).model(ds);
    }

    private final class Session {
        private final XMLStreamWriter w;
        private final List<String> names = new ArrayList<>();
        private int[] path = new int[8];
        private int pathLength;
        private int level;

        Session(XMLStreamWriter w) {
            this.w = w;
        }

        void model(DataSet ds) throws XMLStreamException, IOException {
            w.setDefaultNamespace(NAMESPACE);
            w.writeStartElement(NAMESPACE, "NativeDicomModel");
            w.writeDefaultNamespace(NAMESPACE);
            w.writeAttribute("xml", XMLConstants.XML_NS_URI, "space", "preserve");
            level++;
            attributes(ds);
            level--;
            newline();
            w.writeEndElement();
        }

        private void attributes(DataSet ds) throws XMLStreamException, IOException {
            for (int i = 0; i < ds.size(); i++) {
                if (!Tags.isGroupLength(ds.tagAt(i))) attribute(ds, i);
            }
        }

        private void attribute(DataSet ds, int i) throws XMLStreamException, IOException {
            int tag = ds.tagAt(i);
            VR vr = ds.vrAt(i);
            Object v = ds.valueAt(i);
            if (v instanceof String && vr.isBulk()) v = ds.getBytes(tag);
            boolean bulk = vr.isBulk() || v instanceof Fragments || v instanceof BulkData;
            if (bulk && !includeBulkData) return;
            names.add(Tags.toHex(tag));
            String uri = null;
            if (bulk && ModelValues.binaryLength(v) != 0) {
                uri = uriProvider.uriFor(Arrays.copyOf(path, pathLength), tag, vr, v);
                if (uri == null && !ModelValues.isLocal(v)) {
                    if (v instanceof BulkData ref) uri = ref.uri();
                    else throw error("cannot inline encapsulated pixel data: a fragment is not a local file");
                }
            }
            newline();
            w.writeStartElement("DicomAttribute");
            w.writeAttribute("tag", Tags.toHex(tag));
            w.writeAttribute("vr", vr.name());
            if (!Tags.isPrivate(tag)) {
                String keyword = ElementDictionary.standard().keywordOf(tag);
                if (keyword != null) w.writeAttribute("keyword", keyword);
            } else if (!Tags.isPrivateCreator(tag) && (tag & 0xFF00) != 0) {
                String creator = ds.getString(Tags.creatorOf(tag));
                if (creator != null) w.writeAttribute("privateCreator", creator);
            }
            level++;
            boolean children = true;
            if (uri != null) {
                newline();
                w.writeEmptyElement("BulkData");
                w.writeAttribute("uri", uri);
            } else if (v instanceof Sequence seq) {
                items(tag, seq);
                children = !seq.isEmpty();
            } else if (vr.isBulk() || v instanceof Fragments) {
                children = inline(v, vr);
            } else {
                children = values(v instanceof BulkData ? ModelValues.materialize(ds, i) : ds, tag, vr);
            }
            level--;
            if (children) newline();
            w.writeEndElement();
            names.removeLast();
        }

        private void items(int tag, Sequence seq) throws XMLStreamException, IOException {
            if (pathLength + 2 > path.length) path = Arrays.copyOf(path, path.length * 2);
            int at = pathLength;
            pathLength += 2;
            path[at] = tag;
            for (int k = 0; k < seq.size(); k++) {
                path[at + 1] = k;
                names.add("[" + k + "]");
                newline();
                w.writeStartElement("Item");
                w.writeAttribute("number", Integer.toString(k + 1));
                level++;
                attributes(seq.get(k));
                level--;
                if (!seq.get(k).isEmpty()) newline();
                w.writeEndElement();
                names.removeLast();
            }
            pathLength = at;
        }

        private boolean inline(Object v, VR vr) throws XMLStreamException, IOException {
            if (ModelValues.binaryLength(v) == 0) return false;
            newline();
            w.writeStartElement("InlineBinary");
            Base64.Encoder enc = Base64.getEncoder();
            try (InputStream in = ModelValues.openBinary(v, vr)) {
                byte[] chunk = new byte[3 * 4096]; // a multiple of 3: the pieces join into one base64 text
                int n;
                while ((n = in.readNBytes(chunk, 0, chunk.length)) > 0) {
                    w.writeCharacters(enc.encodeToString(n == chunk.length ? chunk : Arrays.copyOf(chunk, n)));
                }
            }
            w.writeEndElement();
            return true;
        }

        private boolean values(DataSet ds, int tag, VR vr) throws XMLStreamException, IOException {
            String[] text;
            switch (vr) {
                case FL, FD -> {
                    double[] d = ds.getDoubles(tag);
                    text = new String[d.length];
                    for (int k = 0; k < d.length; k++) text[k] = ModelValues.formatFloat(vr, d[k]);
                }
                case SS, US, SL, UL, SV, UV, AT -> {
                    long[] l = ds.getLongs(tag);
                    text = new String[l.length];
                    for (int k = 0; k < l.length; k++) {
                        text[k] = vr == VR.AT ? Tags.toHex((int) l[k]) : vr == VR.UV ? Long.toUnsignedString(l[k]) : Long.toString(l[k]);
                    }
                }
                default -> text = ds.getStrings(tag);
            }
            if (text.length == 0 || text.length == 1 && text[0].isEmpty()) return false;
            for (int k = 0; k < text.length; k++) {
                newline();
                if (vr == VR.PN) {
                    personName(k + 1, text[k]);
                } else if (text[k].isEmpty()) {
                    w.writeEmptyElement("Value");
                    w.writeAttribute("number", Integer.toString(k + 1));
                } else {
                    w.writeStartElement("Value");
                    w.writeAttribute("number", Integer.toString(k + 1));
                    characters(text[k]);
                    w.writeEndElement();
                }
            }
            return true;
        }

        private void personName(int number, String value) throws XMLStreamException, IOException {
            if (value.isEmpty()) {
                w.writeEmptyElement("PersonName");
                w.writeAttribute("number", Integer.toString(number));
                return;
            }
            w.writeStartElement("PersonName");
            w.writeAttribute("number", Integer.toString(number));
            level++;
            String[] groups = ModelValues.personNameGroups(value);
            for (int g = 0; g < 3; g++) {
                if (groups[g].isEmpty()) continue;
                newline();
                w.writeStartElement(GROUPS[g]);
                level++;
                String[] c = ModelValues.nameComponents(groups[g]);
                for (int k = 0; k < 5; k++) {
                    if (c[k].isEmpty()) continue;
                    newline();
                    w.writeStartElement(COMPONENTS[k]);
                    characters(c[k]);
                    w.writeEndElement();
                }
                level--;
                newline();
                w.writeEndElement();
            }
            level--;
            newline();
            w.writeEndElement();
        }

        /** Text content: CR as a character reference (parsers turn a raw CR into LF), no characters XML forbids. */
        private void characters(String s) throws XMLStreamException, IOException {
            int start = 0;
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xFFFE || c == 0xFFFF) {
                    throw error(String.format("character U+%04X cannot be written in XML 1.0", (int) c));
                }
                if (Character.isSurrogate(c)) {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        i++;
                        continue;
                    }
                    throw error(String.format("unpaired surrogate U+%04X cannot be written in XML", (int) c));
                }
                if (c == '\r') {
                    w.writeCharacters(s.substring(start, i));
                    w.writeEntityRef("#13");
                    start = i + 1;
                }
            }
            w.writeCharacters(start == 0 ? s : s.substring(start));
        }

        private void newline() throws XMLStreamException {
            if (indent) w.writeCharacters("\n" + "  ".repeat(level));
        }

        private DicomXmlException error(String message) {
            StringBuilder sb = new StringBuilder();
            for (String s : names) {
                if (!sb.isEmpty() && !s.startsWith("[")) sb.append('.');
                sb.append(s);
            }
            return new DicomXmlException(message, sb.toString(), -1, -1, null);
        }
    }
}
