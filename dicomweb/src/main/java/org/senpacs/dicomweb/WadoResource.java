package org.senpacs.dicomweb;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.senpacs.archive.ArchiveException;
import org.senpacs.archive.index.Levels.Level;
import org.senpacs.archive.retrieve.RetrieveService.Item;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.Tags;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.Uids;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.json.DicomJsonWriter;

/**
 * WADO-RS (PS3.18 §10.4): instances as multipart/related application/dicom (the stored files,
 * streamed), metadata as DICOM JSON with BulkDataURIs, bulk data and uncompressed frames.
 */
@Path("/")
public final class WadoResource {

    private final WebContext ctx;
    private final InstanceFiles files;

    WadoResource(WebContext ctx) {
        this.ctx = ctx;
        this.files = new InstanceFiles(ctx.archive(), ctx.options().maxTranscodeSize());
    }

    @GET
    @Path("studies/{study}")
    public Response study(@PathParam("study") String st, @Context HttpServletRequest rq) throws ArchiveException {
        return instances(locate(Level.STUDY, st, null, null), rq);
    }

    @GET
    @Path("studies/{study}/series/{series}")
    public Response series(@PathParam("study") String st, @PathParam("series") String se, @Context HttpServletRequest rq)
            throws ArchiveException {
        return instances(locate(Level.SERIES, st, se, null), rq);
    }

    @GET
    @Path("studies/{study}/series/{series}/instances/{instance}")
    public Response instance(@PathParam("study") String st, @PathParam("series") String se, @PathParam("instance") String i,
                             @Context HttpServletRequest rq) throws ArchiveException {
        return instances(locate(Level.IMAGE, st, se, i), rq);
    }

    @GET
    @Path("studies/{study}/metadata")
    public Response studyMetadata(@PathParam("study") String st, @Context UriInfo uri, @Context HttpServletRequest rq)
            throws ArchiveException {
        return metadata(locate(Level.STUDY, st, null, null), uri, rq);
    }

    @GET
    @Path("studies/{study}/series/{series}/metadata")
    public Response seriesMetadata(@PathParam("study") String st, @PathParam("series") String se, @Context UriInfo uri,
                                   @Context HttpServletRequest rq) throws ArchiveException {
        return metadata(locate(Level.SERIES, st, se, null), uri, rq);
    }

    @GET
    @Path("studies/{study}/series/{series}/instances/{instance}/metadata")
    public Response instanceMetadata(@PathParam("study") String st, @PathParam("series") String se,
                                     @PathParam("instance") String i, @Context UriInfo uri, @Context HttpServletRequest rq)
            throws ArchiveException {
        return metadata(locate(Level.IMAGE, st, se, i), uri, rq);
    }

    @GET
    @Path("studies/{study}/series/{series}/instances/{instance}/bulkdata/{tag}")
    public Response bulkData(@PathParam("study") String st, @PathParam("series") String se, @PathParam("instance") String i,
                             @PathParam("tag") String tagText, @Context HttpServletRequest rq) throws Exception {
        if (!tagText.matches("[0-9A-Fa-f]{8}")) throw DicomWebException.badRequest("not a tag (8 hex digits): " + tagText);
        int tag = Integer.parseUnsignedInt(tagText, 16);
        Item item = locate(Level.IMAGE, st, se, i).get(0);
        requireOctetStream(rq, null);
        InstanceFiles.Value v = files.locate(item, tag);
        if (v == null || v.vr() == VR.SQ) throw DicomWebException.notFound("no bulk data " + Tags.toString(tag) + " in the instance");
        if (v.encapsulated()) throw DicomWebException.notAcceptable("compressed pixel data as bulk data is not supported yet");
        String boundary = MultipartWriter.newBoundary();
        StreamingOutput body = out -> {
            MultipartWriter mp = new MultipartWriter(out, boundary);
            files.copyValue(item, tag, mp.startPart("application/octet-stream", v.length(), null));
            mp.finish();
        };
        return Response.ok(body, MultipartWriter.contentType("application/octet-stream", boundary)).build();
    }

    @GET
    @Path("studies/{study}/series/{series}/instances/{instance}/frames/{frames}")
    public Response frames(@PathParam("study") String st, @PathParam("series") String se, @PathParam("instance") String i,
                           @PathParam("frames") String list, @Context HttpServletRequest rq) throws Exception {
        List<Integer> numbers = new ArrayList<>();
        for (String f : list.split(",")) {
            try {
                int n = Integer.parseInt(f.trim());
                if (n < 1) throw new NumberFormatException();
                numbers.add(n);
            } catch (NumberFormatException e) {
                throw DicomWebException.badRequest("not a frame list (1-based numbers, comma-separated): " + list);
            }
        }
        Item item = locate(Level.IMAGE, st, se, i).get(0);
        requireOctetStream(rq, item.transferSyntax());
        DataSet h = files.header(item);
        InstanceFiles.Value px = files.locate(item, Tag.PixelData);
        if (px == null) throw DicomWebException.notFound("the instance has no pixel data");
        if (px.encapsulated() || px.deflated() || px.ts().bigEndian()) {
            throw DicomWebException.notAcceptable("frames are served for uncompressed little endian instances only (stored as "
                    + item.transferSyntax() + ")");
        }
        int bits = h.getInt(Tag.BitsAllocated, 0);
        if (bits == 0 || bits % 8 != 0) throw DicomWebException.notAcceptable("frames of " + bits + "-bit pixel data are not supported");
        long frameLength = (long) h.getInt(Tag.Rows, 0) * h.getInt(Tag.Columns, 0) * h.getInt(Tag.SamplesPerPixel, 1) * (bits / 8);
        int count = h.getInt(Tag.NumberOfFrames, 1);
        if (frameLength <= 0 || frameLength * count > px.length()) {
            throw new DicomWebException(500, "the pixel data is shorter than its attributes say");
        }
        for (int n : numbers) {
            if (n > count) throw DicomWebException.notFound("frame " + n + " of an instance of " + count + " frames");
        }
        String boundary = MultipartWriter.newBoundary();
        StreamingOutput body = out -> {
            MultipartWriter mp = new MultipartWriter(out, boundary);
            for (int n : numbers) {
                OutputStream part = mp.startPart("application/octet-stream; transfer-syntax=" + UID.ExplicitVRLittleEndian,
                        frameLength, null);
                files.copyRange(item, px.offset() + (n - 1) * frameLength, frameLength, part);
            }
            mp.finish();
        };
        return Response.ok(body, MultipartWriter.contentType("application/octet-stream", boundary)).build();
    }

    private List<Item> locate(Level level, String study, String series, String instance) throws ArchiveException {
        DataSet keys = new DataSet(4);
        keys.setString(Tag.StudyInstanceUID, VR.UI, uid(study));
        if (series != null) keys.setString(Tag.SeriesInstanceUID, VR.UI, uid(series));
        if (instance != null) keys.setString(Tag.SOPInstanceUID, VR.UI, uid(instance));
        List<Item> items = ctx.archive().retrieve().locate(level, keys);
        if (items.isEmpty()) throw DicomWebException.notFound("no such " + (level == Level.IMAGE ? "instance" : level.name().toLowerCase()));
        return items;
    }

    static String uid(String s) {
        if (!Uids.isValid(s)) throw DicomWebException.badRequest("not a valid UID: " + (s.length() > 80 ? s.substring(0, 80) + "…" : s));
        return s;
    }

    private Response instances(List<Item> items, HttpServletRequest rq) {
        String ts = negotiate(MediaRanges.parseAccept(WebContext.accept(rq)), items);
        String boundary = MultipartWriter.newBoundary();
        StreamingOutput body = out -> {
            MultipartWriter mp = new MultipartWriter(out, boundary);
            for (Item item : items) {
                if (ts == null || ts.equals(item.transferSyntax())) {
                    OutputStream part = mp.startPart("application/dicom; transfer-syntax=" + item.transferSyntax(), item.size(), null);
                    try (InputStream in = ctx.archive().retrieve().openFile(item)) {
                        in.transferTo(part);
                    }
                } else {
                    files.writeConverted(item, ts, mp.startPart("application/dicom; transfer-syntax=" + ts, -1, null));
                }
            }
            mp.finish();
        };
        return Response.ok(body, MultipartWriter.contentType("application/dicom", boundary)).build();
    }

    /**
     * The transfer syntax to send, by the client's preference: null for each as stored; a UID
     * when every instance is in it or can be converted to it (uncompressed to uncompressed).
     */
    static String negotiate(List<MediaRanges.Range> accept, List<Item> items) {
        for (MediaRanges.Range r : accept) {
            boolean dicom = r.isWildcard() || r.matches("application", "dicom")
                    || r.matches("multipart", "related") && (r.param("type") == null
                        || MediaRanges.parse(r.param("type")) != null && MediaRanges.parse(r.param("type")).matches("application", "dicom"));
            if (!dicom) continue;
            String ts = r.param("transfer-syntax");
            if (ts == null || ts.equals("*")) return null;
            if (items.stream().allMatch(i -> InstanceFiles.convertible(i.transferSyntax(), ts))) return ts;
        }
        throw DicomWebException.notAcceptable("cannot answer the Accept header: instances are stored as "
                + String.join(", ", items.stream().map(Item::transferSyntax).distinct().toList())
                + " and are converted only between uncompressed transfer syntaxes");
    }

    private Response metadata(List<Item> items, UriInfo uri, HttpServletRequest rq) {
        if (!MediaRanges.acceptsJson(MediaRanges.parseAccept(WebContext.accept(rq)))) {
            throw DicomWebException.notAcceptable("metadata is answered as application/dicom+json only");
        }
        String base = WebContext.base(uri);
        StreamingOutput body = out -> {
            try (DicomJsonWriter w = new DicomJsonWriter(out)) {
                w.writeStartArray();
                for (Item item : items) {
                    String instanceUri = base + "/studies/" + item.studyUid() + "/series/" + item.seriesUid()
                            + "/instances/" + item.sopInstanceUid() + "/bulkdata/";
                    w.bulkDataUriProvider((path, tag, vr, value) -> path.length == 0 ? instanceUri + Tags.toHex(tag) : null);
                    w.write(files.header(item));
                }
                w.writeEndArray();
            }
        };
        return Response.ok(body, QidoResource.DICOM_JSON).build();
    }

    private static void requireOctetStream(HttpServletRequest rq, String storedTs) {
        for (MediaRanges.Range r : MediaRanges.parseAccept(WebContext.accept(rq))) {
            boolean octet = r.isWildcard() || r.matches("application", "octet-stream")
                    || r.matches("multipart", "related") && (r.param("type") == null || r.param("type").equalsIgnoreCase("application/octet-stream"));
            String ts = r.param("transfer-syntax");
            if (octet && (ts == null || ts.equals("*") || ts.equals(UID.ExplicitVRLittleEndian) || ts.equals(storedTs))) return;
        }
        throw DicomWebException.notAcceptable("bulk data and frames are answered as multipart/related; type=\"application/octet-stream\"");
    }
}
