package org.senpacs.dicomweb;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.util.List;
import org.senpacs.archive.index.Levels.Level;
import org.senpacs.archive.retrieve.RetrieveService.Item;

/**
 * Rendered images and thumbnails (PS3.18 §10.4.1.1.3 and §10.4.1.1.4) of uncompressed images, as
 * image/jpeg (the default) or image/png. One frame is answered as the image itself; several
 * (an instance's frames, a series, a study) as multipart/related, one part per frame. A thumbnail
 * is one small image: of the middle instance of a series, the first image of a study, the first
 * frame of an instance. Compressed images are refused with 406 until the codecs come.
 */
@Path("/")
public final class RenderedResource {

    private final WebContext ctx;
    private final RenderableImages images;

    RenderedResource(WebContext ctx) {
        this.ctx = ctx;
        this.images = new RenderableImages(ctx.files());
    }

    @GET
    @Path("studies/{study}/rendered")
    public Response study(@PathParam("study") String st, @Context UriInfo uri, @Context HttpServletRequest rq) throws Exception {
        return many(ctx.locate(Level.STUDY, st, null, null), null, request(uri, rq, false));
    }

    @GET
    @Path("studies/{study}/series/{series}/rendered")
    public Response series(@PathParam("study") String st, @PathParam("series") String se, @Context UriInfo uri,
                           @Context HttpServletRequest rq) throws Exception {
        return many(ctx.locate(Level.SERIES, st, se, null), null, request(uri, rq, false));
    }

    @GET
    @Path("studies/{study}/series/{series}/instances/{instance}/rendered")
    public Response instance(@PathParam("study") String st, @PathParam("series") String se, @PathParam("instance") String i,
                             @Context UriInfo uri, @Context HttpServletRequest rq) throws Exception {
        Request r = request(uri, rq, false);
        Item item = ctx.locate(Level.IMAGE, st, se, i).getFirst();
        RenderableImages.Frames f = images.open(item);
        if (f.count() == 1) return one(f, 1, r);
        return many(List.of(item), null, r);
    }

    @GET
    @Path("studies/{study}/series/{series}/instances/{instance}/frames/{frames}/rendered")
    public Response frames(@PathParam("study") String st, @PathParam("series") String se, @PathParam("instance") String i,
                           @PathParam("frames") String list, @Context UriInfo uri, @Context HttpServletRequest rq) throws Exception {
        List<Integer> numbers = WebContext.frameNumbers(list);
        Request r = request(uri, rq, false);
        Item item = ctx.locate(Level.IMAGE, st, se, i).getFirst();
        RenderableImages.Frames f = images.open(item);
        for (int n : numbers) {
            if (n > f.count()) throw DicomWebException.notFound("frame " + n + " of an instance of " + f.count() + " frames");
        }
        if (numbers.size() == 1) return one(f, numbers.getFirst(), r);
        return many(List.of(item), numbers, r);
    }

    @GET
    @Path("studies/{study}/thumbnail")
    public Response studyThumbnail(@PathParam("study") String st, @Context UriInfo uri, @Context HttpServletRequest rq)
            throws Exception {
        Request r = request(uri, rq, true);
        return one(images.firstImage(ctx.locate(Level.STUDY, st, null, null), 0), 1, r);
    }

    @GET
    @Path("studies/{study}/series/{series}/thumbnail")
    public Response seriesThumbnail(@PathParam("study") String st, @PathParam("series") String se, @Context UriInfo uri,
                                    @Context HttpServletRequest rq) throws Exception {
        Request r = request(uri, rq, true);
        List<Item> items = ctx.locate(Level.SERIES, st, se, null);
        return one(images.firstImage(items, items.size() / 2), 1, r);
    }

    @GET
    @Path("studies/{study}/series/{series}/instances/{instance}/thumbnail")
    public Response instanceThumbnail(@PathParam("study") String st, @PathParam("series") String se,
                                      @PathParam("instance") String i, @Context UriInfo uri, @Context HttpServletRequest rq)
            throws Exception {
        Request r = request(uri, rq, true);
        return one(images.open(ctx.locate(Level.IMAGE, st, se, i).getFirst()), 1, r);
    }

    @GET
    @Path("studies/{study}/series/{series}/instances/{instance}/frames/{frames}/thumbnail")
    public Response frameThumbnail(@PathParam("study") String st, @PathParam("series") String se, @PathParam("instance") String i,
                                   @PathParam("frames") String list, @Context UriInfo uri, @Context HttpServletRequest rq)
            throws Exception {
        List<Integer> numbers = WebContext.frameNumbers(list);
        if (numbers.size() != 1) throw DicomWebException.badRequest("a thumbnail is of one frame");
        Request r = request(uri, rq, true);
        RenderableImages.Frames f = images.open(ctx.locate(Level.IMAGE, st, se, i).getFirst());
        if (numbers.getFirst() > f.count()) throw DicomWebException.notFound("no frame " + numbers.getFirst());
        return one(f, numbers.getFirst(), r);
    }

    // ----

    /** What to answer: the media type and the rendering parameters. */
    private record Request(String mediaType, RenderParams params) {}

    private static Request request(UriInfo uri, HttpServletRequest rq, boolean thumbnail) {
        var query = uri.getQueryParameters();
        RenderParams params = RenderParams.parse(query, thumbnail);
        String accept = query.containsKey("accept") ? String.join(",", query.get("accept")) : WebContext.accept(rq);
        String type = ImageEncoder.negotiate(MediaRanges.parseAccept(accept));
        if (type == null) throw DicomWebException.notAcceptable("rendered images are answered as image/jpeg or image/png");
        return new Request(type, params);
    }

    private Response one(RenderableImages.Frames f, int frame, Request r) throws IOException {
        return Response.ok(images.render(f, frame, r.mediaType(), r.params()), r.mediaType()).build();
    }

    /**
     * Every frame of the instances (or the given frames of the one instance) as multipart/related;
     * instances without pixel data are left out. Compressed instances are refused before anything is sent.
     */
    private Response many(List<Item> items, List<Integer> numbers, Request r) {
        for (Item item : items) RenderableImages.refuseCompressed(item);
        String boundary = MultipartWriter.newBoundary();
        StreamingOutput body = out -> {
            MultipartWriter mp = new MultipartWriter(out, boundary);
            for (Item item : items) {
                RenderableImages.Frames f;
                try {
                    f = images.open(item);
                } catch (DicomWebException e) {
                    if (e.status() == 404) continue; // no pixel data: nothing to render
                    throw new IOException("cannot render " + item.sopInstanceUid() + ": " + e.getMessage(), e);
                }
                List<Integer> list = numbers != null ? numbers : java.util.stream.IntStream.rangeClosed(1, f.count()).boxed().toList();
                for (int n : list) {
                    byte[] image = images.render(f, n, r.mediaType(), r.params());
                    mp.startPart(r.mediaType(), image.length, null).write(image);
                }
            }
            mp.finish();
        };
        return Response.ok(body, MultipartWriter.contentType(r.mediaType(), boundary)).build();
    }
}
