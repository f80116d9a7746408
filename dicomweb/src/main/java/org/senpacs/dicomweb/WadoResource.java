package org.senpacs.dicomweb;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.senpacs.archive.ArchiveException;
import org.senpacs.archive.index.Levels.Level;
import org.senpacs.archive.retrieve.RetrieveService.Item;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.Tags;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.VR;

/**
 * WADO-RS (PS3.18 §10.4): instances as multipart/related application/dicom (the stored files,
 * streamed), bulk data, and frames: uncompressed as application/octet-stream, compressed as the
 * stored fragments with the media type of their transfer syntax. Metadata is in
 * {@link MetadataResource}, rendered images in {@link RenderedResource}.
 */
@Path("/")
public final class WadoResource {

    private final WebContext ctx;
    private final InstanceFiles files;

    WadoResource(WebContext ctx) {
        this.ctx = ctx;
        this.files = ctx.files();
    }

    @GET
    @Path("studies/{study}")
    public Response study(@PathParam("study") String st, @Context HttpServletRequest rq) throws ArchiveException {
        return instances(ctx.locate(Level.STUDY, st, null, null), rq);
    }

    @GET
    @Path("studies/{study}/series/{series}")
    public Response series(@PathParam("study") String st, @PathParam("series") String se, @Context HttpServletRequest rq)
            throws ArchiveException {
        return instances(ctx.locate(Level.SERIES, st, se, null), rq);
    }

    @GET
    @Path("studies/{study}/series/{series}/instances/{instance}")
    public Response instance(@PathParam("study") String st, @PathParam("series") String se, @PathParam("instance") String i,
                             @Context HttpServletRequest rq) throws ArchiveException {
        return instances(ctx.locate(Level.IMAGE, st, se, i), rq);
    }

    @GET
    @Path("studies/{study}/series/{series}/instances/{instance}/bulkdata/{tag}")
    public Response bulkData(@PathParam("study") String st, @PathParam("series") String se, @PathParam("instance") String i,
                             @PathParam("tag") String tagText, @Context HttpServletRequest rq) throws Exception {
        if (!tagText.matches("[0-9A-Fa-f]{8}")) throw DicomWebException.badRequest("not a tag (8 hex digits): " + tagText);
        int tag = Integer.parseUnsignedInt(tagText, 16);
        Item item = ctx.locate(Level.IMAGE, st, se, i).get(0);
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
        List<Integer> numbers = WebContext.frameNumbers(list);
        Item item = ctx.locate(Level.IMAGE, st, se, i).get(0);
        InstanceFiles.Image image = files.image(item);
        if (image.pixelData() == null) throw DicomWebException.notFound("the instance has no pixel data");
        int count = image.header().getInt(Tag.NumberOfFrames, 1);
        for (int n : numbers) {
            if (n > count) throw DicomWebException.notFound("frame " + n + " of an instance of " + count + " frames");
        }
        return image.pixelData().encapsulated() ? compressedFrames(item, count, numbers, rq)
                : nativeFrames(item, image, count, numbers, rq);
    }

    private Response nativeFrames(Item item, InstanceFiles.Image image, int count, List<Integer> numbers, HttpServletRequest rq) {
        requireOctetStream(rq, item.transferSyntax());
        InstanceFiles.Value px = image.pixelData();
        if (px.deflated() || px.ts().bigEndian()) {
            throw DicomWebException.notAcceptable("frames are served for uncompressed little endian instances only (stored as "
                    + item.transferSyntax() + ")");
        }
        DataSet h = image.header();
        int bits = h.getInt(Tag.BitsAllocated, 0);
        if (bits == 0 || bits % 8 != 0) throw DicomWebException.notAcceptable("frames of " + bits + "-bit pixel data are not supported");
        long frameLength = (long) h.getInt(Tag.Rows, 0) * h.getInt(Tag.Columns, 0) * h.getInt(Tag.SamplesPerPixel, 1) * (bits / 8);
        if (frameLength <= 0 || frameLength * count > px.length()) {
            throw new DicomWebException(500, "the pixel data is shorter than its attributes say");
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

    /** Frames of encapsulated pixel data: the stored fragments of each, with the stored transfer syntax. */
    private Response compressedFrames(Item item, int count, List<Integer> numbers, HttpServletRequest rq) throws Exception {
        String ts = item.transferSyntax();
        String mediaType = CompressedFrames.mediaType(ts);
        if (mediaType == null) {
            throw DicomWebException.notAcceptable("frames of instances stored as " + ts + " are not served (retrieve the instance)");
        }
        String type = compressedType(MediaRanges.parseAccept(WebContext.accept(rq)), mediaType, ts);
        InstanceFiles.Encapsulated px = files.fragments(item);
        List<List<InstanceFiles.Fragment>> frames = px == null ? null : CompressedFrames.split(px, count);
        if (frames == null) {
            throw new DicomWebException(500, "the frames of the compressed pixel data cannot be told apart (no usable offset table)");
        }
        String boundary = MultipartWriter.newBoundary();
        StreamingOutput body = out -> {
            MultipartWriter mp = new MultipartWriter(out, boundary);
            for (int n : numbers) {
                List<InstanceFiles.Fragment> frame = frames.get(n - 1);
                long length = frame.stream().mapToLong(InstanceFiles.Fragment::length).sum();
                OutputStream part = mp.startPart(type + "; transfer-syntax=" + ts, length, null);
                for (InstanceFiles.Fragment f : frame) files.copyRange(item, f.offset(), f.length(), part);
            }
            mp.finish();
        };
        return Response.ok(body, MultipartWriter.contentType(type, boundary)).build();
    }

    /**
     * The part type for compressed frames the client accepts: the compressed media type (in any
     * transfer syntax form that means "as stored"), or application/octet-stream with the stored
     * transfer syntax. 406 when only a conversion would do.
     */
    static String compressedType(List<MediaRanges.Range> accept, String mediaType, String storedTs) {
        MediaRanges.Range compressed = MediaRanges.parse(mediaType);
        for (MediaRanges.Range r : accept) {
            if (r.isWildcard()) return mediaType;
            MediaRanges.Range t = r;
            String ts = r.param("transfer-syntax");
            if (r.is("multipart", "related")) {
                if (r.param("type") == null) return mediaType;
                t = MediaRanges.parse(r.param("type"));
                if (t == null) continue;
                if (ts == null) ts = t.param("transfer-syntax");
            }
            boolean asStored = ts == null || ts.equals("*") || ts.equals(storedTs);
            if (t.matches(compressed.type(), compressed.subtype()) && asStored) return mediaType;
            if (t.is("application", "octet-stream") && ts != null && (ts.equals("*") || ts.equals(storedTs))) {
                return "application/octet-stream";
            }
        }
        throw DicomWebException.notAcceptable("the frames are stored compressed as " + storedTs + " (" + mediaType
                + "); they are served as stored only (no transcoding yet)");
    }

    /** Stored files are copied with this much at a time: fewer, larger writes to the socket. */
    private static final int COPY_BUFFER = 256 * 1024;

    /**
     * The instances as multipart/related application/dicom. Sent as stored, the body's length is
     * known beforehand and announced (no chunked encoding); converted ones are streamed chunked.
     */
    private Response instances(List<Item> items, HttpServletRequest rq) {
        String ts = negotiate(MediaRanges.parseAccept(WebContext.accept(rq)), items);
        String boundary = MultipartWriter.newBoundary();
        boolean asStored = items.stream().allMatch(i -> ts == null || ts.equals(i.transferSyntax()));
        long total = -1;
        if (asStored) {
            total = MultipartWriter.closeDelimiter(boundary).length;
            for (Item item : items) {
                total += MultipartWriter.partHeader(boundary, partType(item.transferSyntax()), item.size(), null).length + item.size();
            }
        }
        StreamingOutput body = out -> {
            MultipartWriter mp = new MultipartWriter(out, boundary);
            byte[] buffer = new byte[COPY_BUFFER];
            io.undertow.servlet.spec.ServletOutputStreamImpl direct = directOutput();
            for (Item item : items) {
                if (ts == null || ts.equals(item.transferSyntax())) {
                    OutputStream part = mp.startPart(partType(item.transferSyntax()), item.size(), null);
                    try (java.nio.channels.ReadableByteChannel ch = ctx.archive().retrieve().openFileChannel(item)) {
                        if (direct != null && ch instanceof java.nio.channels.FileChannel file && file.size() == item.size()) {
                            // the part header must leave before the file's bytes, which bypass RESTEasy's stream
                            part.flush();
                            direct.transferFrom(file);
                        } else {
                            copy(java.nio.channels.Channels.newInputStream(ch), part, item.size(), buffer);
                        }
                    }
                } else {
                    files.writeConverted(item, ts, mp.startPart(partType(ts), -1, null));
                }
            }
            mp.finish();
        };
        Response.ResponseBuilder r = Response.ok(body, MultipartWriter.contentType("application/dicom", boundary));
        if (total >= 0) r.header("Content-Length", total);
        return r.build();
    }

    /**
     * Undertow's own servlet output stream, which sends a file channel with the kernel's sendfile
     * (no copy through the JVM), or null outside Undertow.
     */
    private static io.undertow.servlet.spec.ServletOutputStreamImpl directOutput() throws java.io.IOException {
        io.undertow.servlet.handlers.ServletRequestContext rc = io.undertow.servlet.handlers.ServletRequestContext.current();
        if (rc == null) return null;
        return rc.getServletResponse().getOutputStream() instanceof io.undertow.servlet.spec.ServletOutputStreamImpl s ? s : null;
    }

    private static String partType(String transferSyntax) {
        return "application/dicom; transfer-syntax=" + transferSyntax;
    }

    /** Copies exactly {@code length} bytes (the size the index recorded, which the part announced). */
    private static void copy(InputStream in, OutputStream out, long length, byte[] buffer) throws java.io.IOException {
        long left = length;
        while (left > 0) {
            int n = in.readNBytes(buffer, 0, (int) Math.min(buffer.length, left));
            if (n == 0) throw new java.io.IOException("stored object shorter than the " + length + " bytes indexed");
            out.write(buffer, 0, n);
            left -= n;
        }
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
