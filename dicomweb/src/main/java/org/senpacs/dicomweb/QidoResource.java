package org.senpacs.dicomweb;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.senpacs.archive.ArchiveException;
import org.senpacs.archive.index.Levels.Level;
import org.senpacs.archive.query.QueryService;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.json.DicomJsonWriter;
import org.senpacs.dicom.xml.DicomXmlWriter;

/**
 * QIDO-RS (PS3.18 §10.6): searches answered from the archive's index, as a DICOM JSON array or
 * multipart XML. An answer cut at {@code archive.max-query-results} carries a {@code Warning: 299}
 * saying so.
 */
@Path("/")
public final class QidoResource {

    static final String DICOM_JSON = "application/dicom+json";

    private final WebContext ctx;

    QidoResource(WebContext ctx) {
        this.ctx = ctx;
    }

    @GET
    @Path("studies")
    public Response studies(@Context UriInfo uri, @Context HttpServletRequest rq) throws ArchiveException {
        return search(uri, rq, Level.STUDY, Map.of(), false);
    }

    @GET
    @Path("series")
    public Response series(@Context UriInfo uri, @Context HttpServletRequest rq) throws ArchiveException {
        return search(uri, rq, Level.SERIES, Map.of(), true);
    }

    @GET
    @Path("instances")
    public Response instances(@Context UriInfo uri, @Context HttpServletRequest rq) throws ArchiveException {
        return search(uri, rq, Level.IMAGE, Map.of(), true);
    }

    @GET
    @Path("studies/{study}/series")
    public Response seriesOfStudy(@PathParam("study") String study, @Context UriInfo uri, @Context HttpServletRequest rq) throws ArchiveException {
        return search(uri, rq, Level.SERIES, Map.of(Tag.StudyInstanceUID, study), false);
    }

    @GET
    @Path("studies/{study}/instances")
    public Response instancesOfStudy(@PathParam("study") String study, @Context UriInfo uri, @Context HttpServletRequest rq) throws ArchiveException {
        return search(uri, rq, Level.IMAGE, Map.of(Tag.StudyInstanceUID, study), true);
    }

    @GET
    @Path("studies/{study}/series/{series}/instances")
    public Response instancesOfSeries(@PathParam("study") String study, @PathParam("series") String series,
                                      @Context UriInfo uri, @Context HttpServletRequest rq) throws ArchiveException {
        Map<Integer, String> scope = new LinkedHashMap<>();
        scope.put(Tag.StudyInstanceUID, study);
        scope.put(Tag.SeriesInstanceUID, series);
        return search(uri, rq, Level.IMAGE, scope, false);
    }

    private Response search(UriInfo uri, HttpServletRequest rq, Level level,
                            Map<Integer, String> scope, boolean withParents) throws ArchiveException {
        boolean json;
        try {
            json = MetadataResource.wantsJson(rq);
        } catch (DicomWebException e) {
            throw DicomWebException.notAcceptable("QIDO-RS answers application/dicom+json or "
                    + "multipart/related; type=\"application/dicom+xml\"");
        }
        QidoParams p = QidoParams.parse(rq.getQueryString(), level, scope, withParents);
        QueryService.Query q = new QueryService.Query(WebContext.origin(rq), level, p.keys, p.includeAll, p.offset, p.limit);
        String base = WebContext.base(uri);
        String boundary = MultipartWriter.newBoundary();
        // The answer is made before the response starts, so that its status and headers can say how
        // it went: an error is a problem document, not a cut-off body, and a cut answer carries the
        // standard's warning. Its size is bounded by archive.max-query-results.
        ByteArrayOutputStream body = new ByteArrayOutputStream(8192);
        QueryService.Outcome outcome;
        try {
            outcome = json ? writeJson(q, level, base, body) : writeXml(q, level, base, new MultipartWriter(body, boundary));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Response.ResponseBuilder r = Response.ok(body.toByteArray(), json ? DICOM_JSON
                : MultipartWriter.contentType(MetadataResource.DICOM_XML, boundary));
        if (outcome.truncated()) {
            r.header("Warning", "299 SEN: \"The number of results exceeded the maximum supported by the server ("
                    + outcome.matches() + "). Additional results can be requested.\"");
        }
        if (!p.notMatched.isEmpty()) {
            r.header("Warning", "299 SEN: \"The following attributes are not supported for matching and were ignored: "
                    + String.join(", ", p.notMatched) + "\"");
        }
        if (p.fuzzy && !ctx.archive().config().policy().fuzzyNames()) {
            r.header("Warning", "299 SEN: \"The fuzzymatching parameter is not supported; only literal matching has been performed.\"");
        }
        return r.build();
    }

    private QueryService.Outcome writeJson(QueryService.Query q, Level level, String base, java.io.OutputStream out)
            throws IOException, ArchiveException {
        try (DicomJsonWriter w = new DicomJsonWriter(out)) {
            w.writeStartArray();
            QueryService.Outcome outcome = ctx.archive().query().query(q, match -> {
                try {
                    w.write(answer(match, level, base));
                    return true;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            w.writeEndArray();
            return outcome;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** One Native DICOM Model document per match (PS3.18 §10.6.3.2, multipart/related XML). */
    private QueryService.Outcome writeXml(QueryService.Query q, Level level, String base, MultipartWriter mp)
            throws IOException, ArchiveException {
        DicomXmlWriter xml = new DicomXmlWriter();
        QueryService.Outcome outcome;
        try {
            outcome = ctx.archive().query().query(q, match -> {
                try {
                    xml.write(answer(match, level, base), mp.startPart(MetadataResource.DICOM_XML, -1, null));
                    return true;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        mp.finish();
        return outcome;
    }

    /** A match as QIDO answers it: without the DIMSE-only Query/Retrieve Level, with its Retrieve URL. */
    static DataSet answer(DataSet match, Level level, String base) {
        match.remove(Tag.QueryRetrieveLevel);
        String study = match.getString(Tag.StudyInstanceUID);
        String url = base + "/studies/" + study;
        if (level != Level.STUDY) url += "/series/" + match.getString(Tag.SeriesInstanceUID);
        if (level == Level.IMAGE) url += "/instances/" + match.getString(Tag.SOPInstanceUID);
        match.setString(Tag.RetrieveURL, VR.UR, url);
        return match;
    }
}
