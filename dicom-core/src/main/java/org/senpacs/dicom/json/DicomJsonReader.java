package org.senpacs.dicom.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.senpacs.dicom.BulkData;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Fragments;
import org.senpacs.dicom.Sequence;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.VR;

/**
 * Reads the DICOM JSON Model of PS3.18 Annex F.2 into data sets, streaming: an array of data sets
 * (a QIDO-RS result) is handed over one data set at a time.
 *
 * <p>Decoding: text values become {@code String} values (several joined by backslash, {@code null}
 * giving an empty value); PN objects become the "alphabetic=ideographic=phonetic" form; numbers are
 * encoded per VR (IS and DS keep their text; FL, FD, SL, SS, UL, US, SV and UV are range-checked
 * and held little endian); IS, DS, SV, UV, FL and FD also accept their value as a JSON string;
 * AT values are 8-hex-digit strings; {@code InlineBinary} is decoded (the encapsulated form of Pixel
 * Data becomes {@link Fragments}); {@code BulkDataURI} becomes {@code new BulkData(uri, 0, -1,
 * false)}. Private creator and private elements are kept as they are. Members may come in any
 * order ({@code "Value"} before {@code "vr"} too).
 *
 * <p>Text in JSON is Unicode: when a decoded data set has text its Specific Character Set
 * (0008,0005) cannot represent (or none is given and the text is not ASCII), (0008,0005) is set to
 * ISO_IR 192; see {@link ModelValues#ensureCharsetCoversText}.
 *
 * <p>Anything else is an error, never guessed at: malformed JSON, a key that is not 8 hex digits, a
 * duplicate key, an unknown or missing VR, an unknown member, a value of the wrong JSON type or out
 * of its VR's range, a backslash inside one value. Errors are {@link DicomJsonException}s naming the
 * element and the line and column. Thread-safe; the input is not closed.
 */
public final class DicomJsonReader {

    /** Receives each data set as soon as it is read. */
    @FunctionalInterface
    public interface DataSetHandler {
        void accept(DataSet dataSet) throws IOException;
    }

    /** Jackson's "[Source: ...; line: 1, column: 2]" in messages about a start marker. */
    private static final Pattern SOURCE = Pattern.compile("\\[Source: .*?; line: (\\d+), column: (\\d+)\\]");

    private static final JsonFactory FACTORY = new JsonFactoryBuilder()
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .build();

    /** Reads one data set: a JSON object, or an array holding exactly one. */
    public DataSet readDataSet(InputStream in) throws IOException {
        try (JsonParser p = FACTORY.createParser(in)) {
            return new Session(p).readOne();
        }
    }

    public DataSet readDataSet(Reader in) throws IOException {
        try (JsonParser p = FACTORY.createParser(in)) {
            return new Session(p).readOne();
        }
    }

    /** Reads an array of data sets (or a single object) into a list. */
    public List<DataSet> readDataSets(InputStream in) throws IOException {
        List<DataSet> list = new ArrayList<>();
        readDataSets(in, list::add);
        return list;
    }

    /**
     * Reads an array of data sets (or a single object), handing each to {@code handler} as soon as it
     * is complete; returns how many there were.
     */
    public int readDataSets(InputStream in, DataSetHandler handler) throws IOException {
        try (JsonParser p = FACTORY.createParser(in)) {
            return new Session(p).readAll(handler);
        }
    }

    public int readDataSets(Reader in, DataSetHandler handler) throws IOException {
        try (JsonParser p = FACTORY.createParser(in)) {
            return new Session(p).readAll(handler);
        }
    }

    /** A source of tokens: the parser, or tokens recorded from it for a "Value" read before "vr". */
    private interface Tokens {
        /** The next token, null at the end of the input. */
        JsonToken next() throws IOException;

        String text() throws IOException;

        int line();

        int column();
    }

    private static final class Replay implements Tokens {
        private final List<JsonToken> tokens = new ArrayList<>();
        private final List<String> texts = new ArrayList<>();
        private int[] where = new int[32];
        private int pos = -1;

        void add(JsonToken token, String text, int line, int column) {
            int i = tokens.size();
            tokens.add(token);
            texts.add(text);
            if (2 * i + 2 > where.length) where = Arrays.copyOf(where, where.length * 2);
            where[2 * i] = line;
            where[2 * i + 1] = column;
        }

        @Override
        public JsonToken next() {
            return ++pos < tokens.size() ? tokens.get(pos) : null;
        }

        @Override
        public String text() {
            return texts.get(pos);
        }

        @Override
        public int line() {
            return pos < tokens.size() ? where[2 * pos] : -1;
        }

        @Override
        public int column() {
            return pos < tokens.size() ? where[2 * pos + 1] : -1;
        }
    }

    /** The state of one read. */
    private static final class Session {
        private final JsonParser parser;
        private final List<String> path = new ArrayList<>();
        private final Tokens live;

        Session(JsonParser parser) {
            this.parser = parser;
            this.live = new Tokens() {
                @Override
                public JsonToken next() throws IOException {
                    try {
                        return parser.nextToken();
                    } catch (JsonProcessingException e) {
                        JsonLocation loc = e.getLocation();
                        String msg = SOURCE.matcher(String.valueOf(e.getOriginalMessage())).replaceAll("line $1, column $2");
                        throw new DicomJsonException("malformed JSON: " + msg, path(),
                                loc == null ? -1 : loc.getLineNr(), loc == null ? -1 : loc.getColumnNr(), e);
                    }
                }

                @Override
                public String text() throws IOException {
                    return parser.getText();
                }

                @Override
                public int line() {
                    return parser.currentTokenLocation().getLineNr();
                }

                @Override
                public int column() {
                    return parser.currentTokenLocation().getColumnNr();
                }
            };
        }

        DataSet readOne() throws IOException {
            List<DataSet> all = new ArrayList<>(1);
            readAll(all::add);
            if (all.size() != 1) {
                throw new DicomJsonException("expected one data set, found " + all.size(), "", -1, -1, null);
            }
            return all.getFirst();
        }

        int readAll(DataSetHandler handler) throws IOException {
            JsonToken tok = live.next();
            if (tok == null) throw error("no JSON content: expected a data set object or an array of them", live);
            int n = 0;
            if (tok == JsonToken.START_ARRAY) {
                while ((tok = need(live)) != JsonToken.END_ARRAY) {
                    if (tok != JsonToken.START_OBJECT) {
                        throw error("expected a data set object in the array, found " + describe(tok), live);
                    }
                    path.add("[" + n + "]");
                    DataSet ds = readTop();
                    path.removeLast();
                    handler.accept(ds);
                    n++;
                }
            } else if (tok == JsonToken.START_OBJECT) {
                handler.accept(readTop());
                n = 1;
            } else {
                throw error("expected a data set object or an array of them, found " + describe(tok), live);
            }
            if ((tok = live.next()) != null) throw error("unexpected content (" + describe(tok) + ") after the end of the JSON value", live);
            return n;
        }

        private DataSet readTop() throws IOException {
            DataSet ds = new DataSet();
            readObject(live, ds);
            ModelValues.ensureCharsetCoversText(ds);
            return ds;
        }

        /** The members of a data set object, its START_OBJECT already read. */
        private void readObject(Tokens t, DataSet ds) throws IOException {
            JsonToken tok;
            while ((tok = need(t)) != JsonToken.END_OBJECT) {
                String key = t.text();
                path.add(key);
                int tag;
                try {
                    tag = ModelValues.parseTag(key);
                } catch (IllegalArgumentException e) {
                    throw error("bad attribute key \"" + key + "\": expected 8 hex digits", t);
                }
                if (ds.contains(tag)) throw error("duplicate attribute", t);
                if ((tok = need(t)) != JsonToken.START_OBJECT) {
                    throw error("an attribute must be a JSON object, found " + describe(tok), t);
                }
                readAttribute(t, ds, tag);
                path.removeLast();
            }
        }

        private void readAttribute(Tokens t, DataSet ds, int tag) throws IOException {
            VR vr = null;
            Replay pendingValue = null;
            boolean hasValue = false;
            String inline = null;
            String uri = null;
            JsonToken tok;
            while ((tok = need(t)) != JsonToken.END_OBJECT) {
                String name = t.text();
                switch (name) {
                    case "vr" -> {
                        if (vr != null) throw error("duplicate \"vr\"", t);
                        if ((tok = need(t)) != JsonToken.VALUE_STRING) throw error("\"vr\" must be a string, found " + describe(tok), t);
                        vr = VR.ofName(t.text());
                        if (vr == null) throw error("unknown VR \"" + t.text() + "\"", t);
                    }
                    case "Value", "InlineBinary", "BulkDataURI" -> {
                        if (hasValue || inline != null || uri != null) {
                            throw error("more than one of \"Value\", \"InlineBinary\" and \"BulkDataURI\"", t);
                        }
                        if (name.equals("Value")) {
                            hasValue = true;
                            if (vr != null) readValue(t, ds, tag, vr);
                            else pendingValue = record(t);
                        } else {
                            if ((tok = need(t)) != JsonToken.VALUE_STRING) {
                                throw error("\"" + name + "\" must be a string, found " + describe(tok), t);
                            }
                            if (name.equals("InlineBinary")) inline = t.text();
                            else uri = t.text();
                        }
                    }
                    default -> throw error("unexpected member \"" + name
                            + "\" (expected \"vr\", \"Value\", \"InlineBinary\" or \"BulkDataURI\")", t);
                }
            }
            if (vr == null) throw error("missing \"vr\"", t);
            if (pendingValue != null) {
                readValue(pendingValue, ds, tag, vr);
            } else if (inline != null) {
                setInline(t, ds, tag, vr, inline);
            } else if (uri != null) {
                ds.setBulkData(tag, vr, new BulkData(uri, 0, -1, false));
            } else if (!hasValue) {
                ds.setEmpty(tag, vr);
            }
        }

        private void setInline(Tokens t, DataSet ds, int tag, VR vr, String base64) throws IOException {
            if (!vr.isBulk()) throw error("\"InlineBinary\" is for VRs OB, OD, OF, OL, OV, OW and UN, not " + vr, t);
            byte[] b;
            try {
                b = ModelValues.decodeBase64(base64);
            } catch (IllegalArgumentException e) {
                throw error("\"InlineBinary\": " + e.getMessage(), t);
            }
            Fragments f = tag == Tag.PixelData ? ModelValues.parseFragments(b) : null;
            if (f != null) {
                ds.setFragments(tag, vr, f);
            } else if (b.length % vr.unitSize != 0) {
                throw error(b.length + " bytes of VR " + vr + " are not a multiple of " + vr.unitSize, t);
            } else {
                ds.setBytes(tag, vr, b);
            }
        }

        private Replay record(Tokens t) throws IOException {
            Replay r = new Replay();
            int depth = 0;
            do {
                JsonToken tok = need(t);
                r.add(tok, tok.isStructStart() || tok.isStructEnd() ? null : t.text(), t.line(), t.column());
                if (tok.isStructStart()) depth++;
                else if (tok.isStructEnd()) depth--;
            } while (depth > 0);
            return r;
        }

        private void readValue(Tokens t, DataSet ds, int tag, VR vr) throws IOException {
            JsonToken tok = need(t);
            if (tok != JsonToken.START_ARRAY) throw error("\"Value\" must be an array, found " + describe(tok), t);
            if (vr == VR.SQ) {
                Sequence seq = ds.newSequence(tag, 4);
                for (int k = 0; (tok = need(t)) != JsonToken.END_ARRAY; k++) {
                    if (tok != JsonToken.START_OBJECT) throw error("a sequence item must be a JSON object, found " + describe(tok), t);
                    path.add("[" + k + "]");
                    readObject(t, seq.addItem());
                    path.removeLast();
                }
                return;
            }
            if (vr.isBulk()) throw error("VR " + vr + " takes \"InlineBinary\" or \"BulkDataURI\", not \"Value\"", t);
            List<String> texts = new ArrayList<>();
            long[] longs = new long[8];
            double[] doubles = new double[8];
            int n = 0;
            for (; (tok = need(t)) != JsonToken.END_ARRAY; n++) {
                if (n == longs.length) {
                    longs = Arrays.copyOf(longs, n * 2);
                    doubles = Arrays.copyOf(doubles, n * 2);
                }
                try {
                    switch (vr) {
                        case PN -> texts.add(tok == JsonToken.VALUE_NULL ? "" : personName(t, tok));
                        case AT -> longs[n] = ModelValues.parseTag(string(t, tok, vr)) & 0xFFFFFFFFL;
                        case FL, FD -> doubles[n] = ModelValues.parseFloat(vr, number(t, tok, vr));
                        case US, SS, UL, SL, SV, UV -> longs[n] = ModelValues.parseInteger(vr, number(t, tok, vr));
                        case IS, DS -> texts.add(tok == JsonToken.VALUE_NULL ? ""
                                : !tok.isNumeric() ? ModelValues.checkValue(vr, string(t, tok, vr))
                                : vr == VR.IS ? ModelValues.integerString(t.text()) : ModelValues.decimalString(t.text()));
                        default -> texts.add(tok == JsonToken.VALUE_NULL ? "" : ModelValues.checkValue(vr, string(t, tok, vr)));
                    }
                } catch (IllegalArgumentException e) {
                    throw error(e.getMessage() + " (value " + (n + 1) + ")", t);
                }
            }
            try {
                switch (vr) {
                    case AT, US, SS, UL, SL, SV, UV -> ds.setLongs(tag, vr, Arrays.copyOf(longs, n));
                    case FL, FD -> ds.setDouble(tag, vr, Arrays.copyOf(doubles, n));
                    default -> ds.put(tag, vr, ModelValues.joinValues(vr, texts));
                }
            } catch (IllegalArgumentException e) {
                throw error(e.getMessage(), t);
            }
        }

        private String string(Tokens t, JsonToken tok, VR vr) throws IOException {
            if (tok != JsonToken.VALUE_STRING) {
                throw new IllegalArgumentException("a value of VR " + vr + " must be a string, found " + describe(tok));
            }
            return t.text();
        }

        private String number(Tokens t, JsonToken tok, VR vr) throws IOException {
            if (tok == JsonToken.VALUE_NULL) {
                throw new IllegalArgumentException("VR " + vr + " cannot hold an empty value among others");
            }
            if (!tok.isNumeric() && tok != JsonToken.VALUE_STRING) {
                throw new IllegalArgumentException("a value of VR " + vr + " must be a number, found " + describe(tok));
            }
            return t.text();
        }

        private String personName(Tokens t, JsonToken tok) throws IOException {
            if (tok != JsonToken.START_OBJECT) {
                throw error("a PN value must be an object with \"Alphabetic\", \"Ideographic\" or \"Phonetic\", found "
                        + describe(tok), t);
            }
            String[] groups = new String[3];
            while ((tok = need(t)) != JsonToken.END_OBJECT) {
                String name = t.text();
                int g = switch (name) {
                    case "Alphabetic" -> 0;
                    case "Ideographic" -> 1;
                    case "Phonetic" -> 2;
                    default -> throw error("unexpected member \"" + name
                            + "\" in a PN value (expected \"Alphabetic\", \"Ideographic\" or \"Phonetic\")", t);
                };
                if (groups[g] != null) throw error("duplicate \"" + name + "\" in a PN value", t);
                tok = need(t);
                if (tok == JsonToken.VALUE_STRING) groups[g] = t.text();
                else if (tok == JsonToken.VALUE_NULL) groups[g] = "";
                else throw error("PN group \"" + name + "\" must be a string, found " + describe(tok), t);
            }
            return ModelValues.personName(groups[0], groups[1], groups[2]);
        }

        private JsonToken need(Tokens t) throws IOException {
            JsonToken tok = t.next();
            if (tok == null) throw error("unexpected end of input", t);
            return tok;
        }

        private DicomJsonException error(String message, Tokens t) {
            return new DicomJsonException(message, path(), t.line(), t.column(), null);
        }

        private String path() {
            StringBuilder sb = new StringBuilder();
            for (String s : path) {
                if (!sb.isEmpty() && !s.startsWith("[")) sb.append('.');
                sb.append(s);
            }
            return sb.toString();
        }

        private static String describe(JsonToken tok) {
            if (tok == null) return "the end of input";
            return switch (tok) {
                case START_OBJECT -> "an object";
                case START_ARRAY -> "an array";
                case END_OBJECT, END_ARRAY -> "the end of a container";
                case VALUE_STRING -> "a string";
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
                case VALUE_TRUE, VALUE_FALSE -> "a boolean";
                case VALUE_NULL -> "null";
                default -> tok.toString();
            };
        }
    }
}
