package org.senpacs.ris.mwl;

import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.senpacs.archive.ArchiveException;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.charset.SpecificCharacterSet;
import org.senpacs.dicom.json.DicomJsonWriter;

/**
 * The Modality Worklist over REST (under /api), for the web UI: {@code GET /worklist} with the
 * matching keys of the MWL as query parameters, answered with the whole items as a DICOM JSON array
 * ({@code application/dicom+json}), matched exactly as the MWL SCP matches.
 */
@Path("worklist")
public final class WorklistResource {

    private static final String DICOM_JSON = "application/dicom+json";

    private final WorklistService worklist;

    public WorklistResource(WorklistService worklist) {
        this.worklist = worklist;
    }

    @GET
    @Produces(DICOM_JSON)
    public Response items(@QueryParam("station") String station, @QueryParam("modality") String modality,
                          @QueryParam("date") String date, @QueryParam("time") String time,
                          @QueryParam("patientName") String patientName, @QueryParam("patientId") String patientId,
                          @QueryParam("accession") String accession, @QueryParam("requestedProcedureId") String rpId,
                          @QueryParam("status") String status, @QueryParam("limit") @DefaultValue("100") String limit)
            throws ArchiveException {
        int max;
        try {
            max = Integer.parseInt(limit.strip());
        } catch (NumberFormatException e) {
            max = 0;
        }
        if (max < 1) throw new WebApplicationException("limit must be a positive number, not " + limit, 400);
        DataSet keys = new DataSet();
        keys.setSpecificCharacterSet(SpecificCharacterSet.UTF_8);
        set(keys, Tag.PatientName, VR.PN, patientName);
        set(keys, Tag.PatientID, VR.LO, patientId);
        set(keys, Tag.AccessionNumber, VR.SH, accession);
        set(keys, Tag.RequestedProcedureID, VR.SH, rpId);
        DataSet sps = keys.newSequence(Tag.ScheduledProcedureStepSequence, 1).addItem();
        set(sps, Tag.ScheduledStationAETitle, VR.AE, station);
        set(sps, Tag.Modality, VR.CS, modality);
        set(sps, Tag.ScheduledProcedureStepStartDate, VR.DA, date);
        set(sps, Tag.ScheduledProcedureStepStartTime, VR.TM, time);
        set(sps, Tag.ScheduledProcedureStepStatus, VR.CS, status);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int[] left = {max};
        try (DicomJsonWriter json = new DicomJsonWriter(out)) {
            json.writeStartArray();
            worklist.query(keys, true, item -> {
                try {
                    json.write(item);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return --left[0] > 0;
            });
            json.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Response.ok(out.toByteArray(), DICOM_JSON).build();
    }

    private static void set(DataSet ds, int tag, VR vr, String value) {
        if (value != null && !value.isBlank()) ds.setString(tag, vr, value.strip());
    }
}
