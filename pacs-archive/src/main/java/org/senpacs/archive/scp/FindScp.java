package org.senpacs.archive.scp;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.senpacs.archive.ArchiveException;
import org.senpacs.archive.index.Levels.Level;
import org.senpacs.archive.query.QueryService;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.net.DicomServiceException;
import org.senpacs.dicom.net.DimseRequest;
import org.senpacs.dicom.net.DimseRequestHandler;
import org.senpacs.dicom.net.Status;

/**
 * C-FIND SCP for the Patient Root and Study Root models: a thin adapter to the {@link QueryService}.
 * When more entries match than {@code archive.max-query-results}, the first ones are sent and the
 * final status is Refused: Out of Resources (A700), with the limit in the Error Comment.
 */
public final class FindScp implements DimseRequestHandler {

    private final QueryService query;

    public FindScp(QueryService query) {
        this.query = query;
    }

    @Override
    public void onRequest(DimseRequest rq) throws IOException, DicomServiceException {
        DataSet keys = rq.dataSet();
        if (keys == null) throw new DicomServiceException(Status.IDENTIFIER_DOES_NOT_MATCH_SOP_CLASS, "no identifier");
        Level level = level(keys, rq.sopClassUid());
        QueryService.Query q = new QueryService.Query(StoreScp.origin(rq.association()), level, keys, false, 0, 0);
        QueryService.Outcome outcome;
        try {
            outcome = query.query(q, match -> {
                if (rq.isCanceled()) return false;
                try {
                    rq.respond(Status.PENDING, null, match);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return true;
            });
        } catch (ArchiveException e) {
            throw new DicomServiceException(e.error().dimseStatus, e.getMessage());
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        finish(rq, outcome.matches(), outcome.truncated(), "matches");
    }

    /**
     * Ends a C-FIND whose matches have been sent: Cancel after a C-CANCEL; Refused: Out of
     * Resources (A700) when a limit cut the answer, never a plain Success, which would make the
     * list look complete (a radiologist looking for prior studies, or a modality looking for the
     * patient on its table, would miss some); else Success.
     *
     * @param what the matches' name in the Error Comment ("matches", "worklist items")
     */
    public static void finish(DimseRequest rq, int sent, boolean truncated, String what)
            throws IOException, DicomServiceException {
        if (rq.isCanceled()) {
            rq.respond(Status.CANCEL);
        } else if (truncated) {
            throw new DicomServiceException(Status.OUT_OF_RESOURCES,
                    "over " + sent + " " + what + "; first " + sent + " sent: narrow the query");
        } else {
            rq.respond(Status.SUCCESS);
        }
    }

    static Level level(DataSet keys, String sopClass) throws DicomServiceException {
        String l = keys.getString(Tag.QueryRetrieveLevel);
        if (l == null) throw new DicomServiceException(Status.IDENTIFIER_DOES_NOT_MATCH_SOP_CLASS, "no Query/Retrieve Level");
        Level level;
        try {
            level = Level.valueOf(l);
        } catch (IllegalArgumentException e) {
            throw new DicomServiceException(Status.IDENTIFIER_DOES_NOT_MATCH_SOP_CLASS, "unknown Query/Retrieve Level " + l);
        }
        boolean studyRoot = sopClass.startsWith("1.2.840.10008.5.1.4.1.2.2.");
        if (studyRoot && level == Level.PATIENT) {
            throw new DicomServiceException(Status.IDENTIFIER_DOES_NOT_MATCH_SOP_CLASS, "PATIENT level in the Study Root model");
        }
        return level;
    }

}
