package org.senpacs.dicomweb;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.senpacs.archive.index.Levels.Level;
import org.senpacs.archive.retrieve.RetrieveService.Item;
import org.senpacs.dicom.Tags;
import org.senpacs.dicom.json.BulkDataUriProvider;
import org.senpacs.dicom.json.DicomJsonWriter;
import org.senpacs.dicom.xml.DicomXmlWriter;

/**
 * WADO-RS metadata (PS3.18 §10.4.1.1.2) at study, series and instance level: DICOM JSON with
 * BulkDataURIs, or {@code multipart/related; type="application/dicom+xml"} with one Native DICOM
 * Model document per instance. Series JSON comes from the {@link SeriesMetadataCache}; a study's
 * JSON is its series' JSON put together.
 */
@Path("/")
public final class MetadataResource {

    static final String DICOM_XML = "application/dicom+xml";

    private final WebContext ctx;

    MetadataResource(WebContext ctx) {
        this.ctx = ctx;
    }

    @GET
    @Path("studies/{study}/metadata")
    public Response study(@PathParam("study") String st, @Context UriInfo uri, @Context HttpServletRequest rq) throws Exception {
        boolean json = wantsJson(rq);
        List<Item> items = ctx.locate(Level.STUDY, st, null, null);
        String base = WebContext.base(uri);
        if (!json) return xml(items, base);
        List<List<Item>> series = new ArrayList<>();
        for (Item item : items) {
            if (series.isEmpty() || !series.getLast().getFirst().seriesUid().equals(item.seriesUid())) series.add(new ArrayList<>());
            series.getLast().add(item);
        }
        StreamingOutput body = out -> {
            out.write('[');
            boolean first = true;
            for (List<Item> s : series) {
                SeriesMetadataCache.Json j = seriesJson(st, s.getFirst().seriesUid(), base, () -> s);
                first = writeElements(j, out, first);
            }
            out.write(']');
        };
        return Response.ok(body, QidoResource.DICOM_JSON).build();
    }

    @GET
    @Path("studies/{study}/series/{series}/metadata")
    public Response series(@PathParam("study") String st, @PathParam("series") String se, @Context UriInfo uri,
                           @Context HttpServletRequest rq) throws Exception {
        WebContext.uid(st);
        WebContext.uid(se);
        String base = WebContext.base(uri);
        if (!wantsJson(rq)) return xml(ctx.locate(Level.SERIES, st, se, null), base);
        SeriesMetadataCache.Json j = seriesJson(st, se, base, () -> ctx.locate(Level.SERIES, st, se, null));
        StreamingOutput body = out -> out.write(j.data(), j.offset(), j.length());
        return Response.ok(body, QidoResource.DICOM_JSON).header("Content-Length", j.length()).build();
    }

    @GET
    @Path("studies/{study}/series/{series}/instances/{instance}/metadata")
    public Response instance(@PathParam("study") String st, @PathParam("series") String se, @PathParam("instance") String i,
                             @Context UriInfo uri, @Context HttpServletRequest rq) throws Exception {
        boolean json = wantsJson(rq);
        List<Item> items = ctx.locate(Level.IMAGE, st, se, i);
        String base = WebContext.base(uri);
        if (!json) return xml(items, base);
        byte[] bytes = jsonOf(items, base);
        return Response.ok(bytes, QidoResource.DICOM_JSON).build();
    }

    /** The instances of a series, found when the cache has to build. */
    @FunctionalInterface
    private interface SeriesItems {
        List<Item> get() throws Exception;
    }

    private SeriesMetadataCache.Json seriesJson(String study, String series, String base, SeriesItems items) throws IOException {
        try {
            return ctx.metadataCache().get(study, series, base, () -> jsonOf(items.get(), base));
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The metadata of instances as a DICOM JSON array. */
    private byte[] jsonOf(List<Item> items, String base) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(items.size() * 4096);
        try (DicomJsonWriter w = new DicomJsonWriter(out)) {
            w.writeStartArray();
            for (Item item : items) {
                w.bulkDataUriProvider(bulkDataUris(base, item));
                w.write(ctx.files().header(item));
            }
            w.writeEndArray();
        }
        return out.toByteArray();
    }

    /** Writes the objects of a JSON array without its brackets, after a comma unless first; the new "first". */
    private static boolean writeElements(SeriesMetadataCache.Json j, OutputStream out, boolean first) throws IOException {
        byte[] d = j.data();
        int from = j.offset();
        int to = j.offset() + j.length();
        while (from < to && d[from] != '[') from++;
        while (to > from && d[to - 1] != ']') to--;
        from++;
        to--;
        while (from < to && Character.isWhitespace(d[from])) from++;
        if (from >= to) return first;
        if (!first) out.write(',');
        out.write(d, from, to - from);
        return false;
    }

    private Response xml(List<Item> items, String base) {
        String boundary = MultipartWriter.newBoundary();
        StreamingOutput body = out -> {
            MultipartWriter mp = new MultipartWriter(out, boundary);
            for (Item item : items) {
                DicomXmlWriter w = new DicomXmlWriter().bulkDataUriProvider(bulkDataUris(base, item));
                w.write(ctx.files().header(item), mp.startPart(DICOM_XML, -1, null));
            }
            mp.finish();
        };
        return Response.ok(body, MultipartWriter.contentType(DICOM_XML, boundary)).build();
    }

    private static BulkDataUriProvider bulkDataUris(String base, Item item) {
        String instanceUri = base + "/studies/" + item.studyUid() + "/series/" + item.seriesUid()
                + "/instances/" + item.sopInstanceUid() + "/bulkdata/";
        return (path, tag, vr, value) -> path.length == 0 ? instanceUri + Tags.toHex(tag) : null;
    }

    /** True for DICOM JSON, false for multipart XML, by the client's preference; 406 for neither. */
    static boolean wantsJson(HttpServletRequest rq) {
        for (MediaRanges.Range r : MediaRanges.parseAccept(WebContext.accept(rq))) {
            if (r.matches("application", "dicom+json") || r.matches("application", "json")) return true;
            if (r.is("multipart", "related") && r.param("type") != null) {
                MediaRanges.Range t = MediaRanges.parse(r.param("type"));
                if (t != null && t.is("application", "dicom+xml")) return false;
            }
        }
        throw DicomWebException.notAcceptable("metadata is answered as application/dicom+json or "
                + "multipart/related; type=\"application/dicom+xml\"");
    }
}
