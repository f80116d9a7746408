package org.senpacs.dicom.xml;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.senpacs.dicom.BulkData;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Fragments;
import org.senpacs.dicom.Sequence;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.Tags;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.json.ModelValues;

/**
 * Reads a Native DICOM Model document (PS3.19 Annex A) into a data set, with the JDK's StAX
 * reader (no DTDs, no external entities).
 *
 * <p>The root is {@code NativeDicomModel}, in the namespace {@value DicomXmlWriter#NAMESPACE} or in
 * none. Values decode as with {@link org.senpacs.dicom.json.DicomJsonReader}: text as {@code String}s
 * (missing {@code Value} numbers and empty elements give empty values), PN from its groups and
 * components, numbers range-checked and encoded per VR, AT from hex, {@code InlineBinary} decoded
 * (the encapsulated form of Pixel Data becoming {@link Fragments}), {@code BulkData uri} (or
 * {@code uuid}, as {@code urn:uuid:...}) as {@code new BulkData(uri, 0, -1, false)}. A
 * {@code privateCreator} attribute adds the creator element when the document lacks it, and must
 * agree with it when present. Specific Character Set is fixed up as by the JSON reader (see
 * {@link ModelValues#ensureCharsetCoversText}). The {@code keyword} attribute is not needed and not
 * checked.
 *
 * <p>Anything else is a {@link DicomXmlException} naming the element and the line and column.
 * Thread-safe; the input is not closed.
 */
public final class DicomXmlReader {

    private static final String[] GROUPS = {"Alphabetic", "Ideographic", "Phonetic"};
    private static final String[] COMPONENTS = {"FamilyName", "GivenName", "MiddleName", "NamePrefix", "NameSuffix"};
    /** Bound on the empty values implied by gaps in Value numbers. */
    private static final int MAX_GAP = 1 << 16;

    public DataSet readDataSet(InputStream in) throws IOException {
        XMLStreamReader r = null;
        try {
            r = factory().createXMLStreamReader(in);
            return new Session(r).document();
        } catch (XMLStreamException e) {
            throw malformed(e, "");
        } finally {
            close(r);
        }
    }

    public DataSet readDataSet(Reader in) throws IOException {
        XMLStreamReader r = null;
        try {
            r = factory().createXMLStreamReader(in);
            return new Session(r).document();
        } catch (XMLStreamException e) {
            throw malformed(e, "");
        } finally {
            close(r);
        }
    }

    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    private static void close(XMLStreamReader r) {
        if (r == null) return;
        try {
            r.close();
        } catch (XMLStreamException ignored) {
            // nothing held but the parser
        }
    }

    private static DicomXmlException malformed(XMLStreamException e, String path) {
        Location loc = e.getLocation();
        String msg = e.getMessage();
        int cut = msg == null ? -1 : msg.indexOf("Message: ");
        return new DicomXmlException("malformed XML: " + (cut >= 0 ? msg.substring(cut + 9) : msg), path,
                loc == null ? -1 : loc.getLineNumber(), loc == null ? -1 : loc.getColumnNumber(), e);
    }

    private static final class Session {
        private final XMLStreamReader r;
        private final List<String> path = new ArrayList<>();

        Session(XMLStreamReader r) {
            this.r = r;
        }

        DataSet document() throws IOException {
            try {
                next();
                element("NativeDicomModel");
                DataSet ds = new DataSet();
                attributes(ds);
                while (r.hasNext()) r.next(); // the parser rejects anything but comments and blanks
                ModelValues.ensureCharsetCoversText(ds);
                return ds;
            } catch (XMLStreamException e) {
                throw malformed(e, path());
            }
        }

        /** Reads DicomAttribute children up to the end of the current element. */
        private void attributes(DataSet ds) throws XMLStreamException, IOException {
            List<Object[]> creators = new ArrayList<>();
            while (next() == XMLStreamConstants.START_ELEMENT) {
                element("DicomAttribute");
                attribute(ds, creators);
            }
            for (Object[] c : creators) {
                int creatorTag = (Integer) c[0];
                String creator = ((String) c[1]).trim();
                String present = ds.getString(creatorTag);
                if (present == null) {
                    ds.setString(creatorTag, VR.LO, creator);
                } else if (!present.equals(creator)) {
                    throw error("privateCreator \"" + creator + "\" of " + Tags.toString((Integer) c[2])
                            + " differs from " + Tags.toString(creatorTag) + " \"" + present + "\"");
                }
            }
        }

        private void attribute(DataSet ds, List<Object[]> creators) throws XMLStreamException, IOException {
            String tagText = r.getAttributeValue(null, "tag");
            path.add(tagText == null ? "?" : tagText);
            if (tagText == null) throw error("DicomAttribute without tag");
            int tag;
            try {
                tag = ModelValues.parseTag(tagText);
            } catch (IllegalArgumentException e) {
                throw error("bad tag \"" + tagText + "\": expected 8 hex digits");
            }
            String vrText = r.getAttributeValue(null, "vr");
            if (vrText == null) throw error("DicomAttribute without vr");
            VR vr = VR.ofName(vrText);
            if (vr == null) throw error("unknown VR \"" + vrText + "\"");
            if (ds.contains(tag)) throw error("duplicate attribute");
            String creator = r.getAttributeValue(null, "privateCreator");
            if (creator != null && Tags.isPrivate(tag) && !Tags.isPrivateCreator(tag) && (tag & 0xFF00) != 0) {
                creators.add(new Object[] {Tags.creatorOf(tag), creator, tag});
            }
            Map<Integer, String> values = new TreeMap<>();
            Map<Integer, DataSet> items = new TreeMap<>();
            String inline = null;
            String uri = null;
            String kind = null;
            while (next() == XMLStreamConstants.START_ELEMENT) {
                String name = r.getLocalName();
                checkNamespace();
                String k = switch (name) {
                    case "Value", "PersonName" -> "Value or PersonName";
                    case "Item" -> "Item";
                    case "BulkData", "InlineBinary" -> "BulkData or InlineBinary";
                    default -> throw error("unexpected element <" + name + "> in DicomAttribute");
                };
                if (kind != null && (!kind.equals(k) || k.startsWith("Bulk"))) {
                    throw error("DicomAttribute holds both " + kind + " and <" + name + ">");
                }
                kind = k;
                switch (name) {
                    case "Value", "PersonName" -> {
                        if (name.equals("PersonName") != (vr == VR.PN)) {
                            throw error(vr == VR.PN ? "PN values are <PersonName> elements, not <Value>"
                                    : "<PersonName> is for VR PN, not " + vr);
                        }
                        int n = number();
                        String v = name.equals("Value") ? r.getElementText() : personName();
                        if (values.put(n, v) != null) throw error("duplicate <" + name + " number=\"" + n + "\">");
                    }
                    case "Item" -> {
                        int n = number();
                        path.add("[" + (n - 1) + "]");
                        DataSet item = new DataSet();
                        attributes(item);
                        path.removeLast();
                        if (items.put(n, item) != null) throw error("duplicate <Item number=\"" + n + "\">");
                    }
                    case "BulkData" -> {
                        uri = r.getAttributeValue(null, "uri");
                        String uuid = r.getAttributeValue(null, "uuid");
                        if (uri == null && uuid != null) uri = "urn:uuid:" + uuid;
                        if (uri == null) throw error("<BulkData> without uri");
                        if (next() != XMLStreamConstants.END_ELEMENT) throw error("<BulkData> must be empty");
                    }
                    default -> inline = r.getElementText();
                }
            }
            if (uri != null) {
                ds.setBulkData(tag, vr, new BulkData(uri, 0, -1, false));
            } else if (inline != null) {
                setInline(ds, tag, vr, inline);
            } else if (vr == VR.SQ) {
                if (!values.isEmpty()) throw error("a sequence holds <Item> elements, not values");
                Sequence seq = ds.newSequence(tag, items.size());
                int expected = 1;
                for (Map.Entry<Integer, DataSet> e : items.entrySet()) {
                    if (e.getKey() != expected) throw error("<Item> numbers must run 1, 2, 3...: " + expected + " is missing");
                    seq.add(e.getValue());
                    expected++;
                }
            } else if (!items.isEmpty()) {
                throw error("<Item> is for VR SQ, not " + vr);
            } else if (vr.isBulk() && !values.isEmpty()) {
                throw error("VR " + vr + " takes <InlineBinary> or <BulkData>, not <Value>");
            } else if (values.isEmpty()) {
                ds.setEmpty(tag, vr);
            } else {
                setValues(ds, tag, vr, values);
            }
            path.removeLast();
        }

        private void setValues(DataSet ds, int tag, VR vr, Map<Integer, String> values) throws IOException {
            int count = ((TreeMap<Integer, String>) values).lastKey();
            if (count - values.size() > MAX_GAP) throw error("the Value numbers leave too large a gap (up to " + count + ")");
            List<String> list = new ArrayList<>(count);
            for (int n = 1; n <= count; n++) list.add(values.getOrDefault(n, ""));
            try {
                switch (vr) {
                    case AT, US, SS, UL, SL, SV, UV -> {
                        long[] l = new long[count];
                        for (int k = 0; k < count; k++) {
                            String s = nonEmpty(vr, list.get(k), k);
                            l[k] = vr == VR.AT ? ModelValues.parseTag(s.trim()) & 0xFFFFFFFFL : ModelValues.parseInteger(vr, s);
                        }
                        ds.setLongs(tag, vr, l);
                    }
                    case FL, FD -> {
                        double[] d = new double[count];
                        for (int k = 0; k < count; k++) d[k] = ModelValues.parseFloat(vr, nonEmpty(vr, list.get(k), k));
                        ds.setDouble(tag, vr, d);
                    }
                    default -> ds.put(tag, vr, ModelValues.joinValues(vr, list));
                }
            } catch (IllegalArgumentException e) {
                throw error(e.getMessage());
            }
        }

        private static String nonEmpty(VR vr, String s, int k) {
            if (s.isBlank()) throw new IllegalArgumentException("VR " + vr + " cannot hold an empty value (value " + (k + 1) + ")");
            return s;
        }

        private void setInline(DataSet ds, int tag, VR vr, String base64) throws IOException {
            if (!vr.isBulk()) throw error("<InlineBinary> is for VRs OB, OD, OF, OL, OV, OW and UN, not " + vr);
            byte[] b;
            try {
                b = ModelValues.decodeBase64(base64);
            } catch (IllegalArgumentException e) {
                throw error("<InlineBinary>: " + e.getMessage());
            }
            Fragments f = tag == Tag.PixelData ? ModelValues.parseFragments(b) : null;
            if (f != null) {
                ds.setFragments(tag, vr, f);
            } else if (b.length % vr.unitSize != 0) {
                throw error(b.length + " bytes of VR " + vr + " are not a multiple of " + vr.unitSize);
            } else {
                ds.setBytes(tag, vr, b);
            }
        }

        /** The PersonName element's groups, its start already read. */
        private String personName() throws XMLStreamException, IOException {
            String[] groups = new String[3];
            while (next() == XMLStreamConstants.START_ELEMENT) {
                int g = indexOf(GROUPS, r.getLocalName(), "PersonName", "Alphabetic, Ideographic or Phonetic");
                if (groups[g] != null) throw error("duplicate <" + GROUPS[g] + ">");
                String[] components = new String[5];
                while (next() == XMLStreamConstants.START_ELEMENT) {
                    int c = indexOf(COMPONENTS, r.getLocalName(), GROUPS[g],
                            "FamilyName, GivenName, MiddleName, NamePrefix or NameSuffix");
                    if (components[c] != null) throw error("duplicate <" + COMPONENTS[c] + ">");
                    components[c] = r.getElementText();
                }
                try {
                    groups[g] = ModelValues.nameGroup(components);
                } catch (IllegalArgumentException e) {
                    throw error(e.getMessage());
                }
            }
            try {
                return ModelValues.personName(groups[0], groups[1], groups[2]);
            } catch (IllegalArgumentException e) {
                throw error(e.getMessage());
            }
        }

        private int indexOf(String[] names, String name, String parent, String expected) throws IOException {
            checkNamespace();
            for (int i = 0; i < names.length; i++) {
                if (names[i].equals(name)) return i;
            }
            throw error("unexpected element <" + name + "> in <" + parent + "> (expected " + expected + ")");
        }

        private int number() throws IOException {
            String s = r.getAttributeValue(null, "number");
            if (s == null) throw error("<" + r.getLocalName() + "> without number");
            try {
                int n = Integer.parseInt(s.trim());
                if (n >= 1) return n;
            } catch (NumberFormatException e) {
                // below
            }
            throw error("bad number=\"" + s + "\" on <" + r.getLocalName() + ">: expected 1, 2, 3...");
        }

        /** The next start or end tag; text other than blanks between elements is an error. */
        private int next() throws XMLStreamException {
            return r.nextTag();
        }

        private void element(String expected) throws IOException {
            if (!r.getLocalName().equals(expected)) {
                throw error("unexpected element <" + r.getLocalName() + "> (expected <" + expected + ">)");
            }
            checkNamespace();
        }

        private void checkNamespace() throws IOException {
            String ns = r.getNamespaceURI();
            if (ns != null && !ns.isEmpty() && !ns.equals(DicomXmlWriter.NAMESPACE)) {
                throw error("element <" + r.getLocalName() + "> is in namespace " + ns + ", not " + DicomXmlWriter.NAMESPACE);
            }
        }

        private DicomXmlException error(String message) {
            Location loc = r.getLocation();
            return new DicomXmlException(message, path(), loc == null ? -1 : loc.getLineNumber(),
                    loc == null ? -1 : loc.getColumnNumber(), null);
        }

        private String path() {
            StringBuilder sb = new StringBuilder();
            for (String s : path) {
                if (!sb.isEmpty() && !s.startsWith("[")) sb.append('.');
                sb.append(s);
            }
            return sb.toString();
        }
    }
}
