package org.senpacs.viewer;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.senpacs.archive.ArchiveException;
import org.senpacs.archive.RequestOrigin;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;

/**
 * Writes a Weasis manifest (schema 2.5): one arcQuery with Patient, Study, Series and Instance elements
 * carrying the attributes Weasis shows and sorts by before it downloads. Instances stream from the index;
 * a level is opened only when an instance under it is written, so no empty Series or Study appears.
 */
final class ManifestWriter {

    static final String NAMESPACE = "http://www.weasis.org/xsd/2.5";
    static final String ARC_ID = "SEN";

    private final StudyFinder finder;

    ManifestWriter(StudyFinder finder) {
        this.finder = finder;
    }

    /** Writes the manifest of {@code studies} (narrowed to the series and instances listed, if any); returns the instance count. */
    int write(OutputStream out, String wadoUrl, List<DataSet> studies, List<String> seriesUids, List<String> objectUids, RequestOrigin origin)
            throws ArchiveException, XMLStreamException {
        XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
        xml.writeStartDocument("UTF-8", "1.0");
        xml.setDefaultNamespace(NAMESPACE);
        xml.writeStartElement(NAMESPACE, "manifest");
        xml.writeDefaultNamespace(NAMESPACE);
        xml.writeStartElement(NAMESPACE, "arcQuery");
        xml.writeAttribute("arcId", ARC_ID);
        xml.writeAttribute("baseUrl", wadoUrl);
        xml.writeAttribute("requireOnlySOPInstanceUID", "false");
        // Weasis reads the historical misspelling; later readers the corrected one: write both
        xml.writeAttribute("additionnalParameters", "");
        xml.writeAttribute("additionalParameters", "");
        int count = 0;
        for (List<DataSet> patient : byPatient(studies)) {
            Levels open = new Levels(xml);
            for (DataSet study : patient) {
                String studyUid = study.getString(Tag.StudyInstanceUID);
                for (DataSet series : finder.series(studyUid, seriesUids, origin)) {
                    String seriesUid = series.getString(Tag.SeriesInstanceUID);
                    int[] n = {0};
                    try {
                        finder.instances(studyUid, seriesUid, objectUids, origin, inst -> {
                            try {
                                open.ensure(patient.get(0), study, series);
                                xml.writeEmptyElement(NAMESPACE, "Instance");
                                attr(xml, "SOPInstanceUID", inst.getString(Tag.SOPInstanceUID));
                                attr(xml, "InstanceNumber", integer(inst.getString(Tag.InstanceNumber)));
                                n[0]++;
                                return true;
                            } catch (XMLStreamException e) {
                                throw new Unchecked(e);
                            }
                        });
                    } catch (Unchecked e) {
                        throw e.getCause();
                    }
                    count += n[0];
                    open.closeSeries();
                }
                open.closeStudy();
            }
            open.closePatient();
        }
        xml.writeEndElement(); // arcQuery
        xml.writeEndElement(); // manifest
        xml.writeEndDocument();
        xml.flush();
        xml.close();
        return count;
    }

    /** Studies grouped by patient (ID and issuer), in order of first appearance. */
    private static List<List<DataSet>> byPatient(List<DataSet> studies) {
        Map<String, List<DataSet>> groups = new LinkedHashMap<>();
        for (DataSet st : studies) {
            String key = st.getString(Tag.PatientID, "") + "\u0000" + st.getString(Tag.IssuerOfPatientID, "");
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(st);
        }
        return new ArrayList<>(groups.values());
    }

    /** Patient's Sex as the manifest schema allows it (M, F, O), else nothing. */
    static String sex(String value) {
        return value != null && value.trim().matches("[MFO]") ? value.trim() : null;
    }

    /** An IS value as the schema's xsd:int, else nothing. */
    static String integer(String value) {
        if (value == null) return null;
        try {
            return Integer.toString(Integer.parseInt(value.trim().startsWith("+") ? value.trim().substring(1) : value.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A TM value in the form the schema allows (HHMMSS.FFFFFF, components optional from the right), else nothing. */
    static String time(String value) {
        if (value == null) return null;
        String t = value.trim();
        return t.matches("(([01][0-9])|(2[0-3]))(([0-5][0-9])(([0-5][0-9])(\\.[0-9]{1,6})?)?)?") ? t : null;
    }

    private static void attr(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        if (value != null && !value.isEmpty()) xml.writeAttribute(name, value);
    }

    /** Which of Patient, Study, Series are open. */
    private static final class Levels {
        private final XMLStreamWriter xml;
        private boolean patient;
        private boolean study;
        private boolean series;

        Levels(XMLStreamWriter xml) {
            this.xml = xml;
        }

        void ensure(DataSet p, DataSet st, DataSet se) throws XMLStreamException {
            if (!patient) {
                xml.writeStartElement(NAMESPACE, "Patient");
                xml.writeAttribute("PatientID", p.getString(Tag.PatientID, ""));
                xml.writeAttribute("PatientName", p.getString(Tag.PatientName, ""));
                attr(xml, "IssuerOfPatientID", p.getString(Tag.IssuerOfPatientID));
                attr(xml, "PatientBirthDate", p.getString(Tag.PatientBirthDate));
                attr(xml, "PatientSex", sex(p.getString(Tag.PatientSex)));
                patient = true;
            }
            if (!study) {
                xml.writeStartElement(NAMESPACE, "Study");
                xml.writeAttribute("StudyInstanceUID", st.getString(Tag.StudyInstanceUID));
                attr(xml, "StudyDate", st.getString(Tag.StudyDate));
                attr(xml, "StudyTime", time(st.getString(Tag.StudyTime)));
                attr(xml, "AccessionNumber", st.getString(Tag.AccessionNumber));
                attr(xml, "StudyID", st.getString(Tag.StudyID));
                attr(xml, "StudyDescription", st.getString(Tag.StudyDescription));
                attr(xml, "ReferringPhysicianName", st.getString(Tag.ReferringPhysicianName));
                study = true;
            }
            if (!series) {
                xml.writeStartElement(NAMESPACE, "Series");
                xml.writeAttribute("SeriesInstanceUID", se.getString(Tag.SeriesInstanceUID));
                attr(xml, "Modality", se.getString(Tag.Modality));
                attr(xml, "SeriesNumber", integer(se.getString(Tag.SeriesNumber)));
                attr(xml, "SeriesDescription", se.getString(Tag.SeriesDescription));
                series = true;
            }
        }

        void closeSeries() throws XMLStreamException {
            if (series) xml.writeEndElement();
            series = false;
        }

        void closeStudy() throws XMLStreamException {
            closeSeries();
            if (study) xml.writeEndElement();
            study = false;
        }

        void closePatient() throws XMLStreamException {
            closeStudy();
            if (patient) xml.writeEndElement();
            patient = false;
        }
    }

    /** Carries a writer failure out of a query sink. */
    private static final class Unchecked extends RuntimeException {
        Unchecked(XMLStreamException cause) {
            super(cause);
        }

        @Override
        public synchronized XMLStreamException getCause() {
            return (XMLStreamException) super.getCause();
        }
    }
}
