package org.senpacs.dicomweb;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.senpacs.archive.ArchiveException;
import org.senpacs.archive.index.Levels.Level;
import org.senpacs.archive.retrieve.RetrieveService.Item;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.VR;

/**
 * WADO-URI (PS3.18 §9): one instance as its Part 10 file ({@code contentType=application/dicom}),
 * or one frame rendered as image/jpeg (the default) or image/png, with the window, size and
 * quality parameters of §9.1.2.1.
 */
@Path("/")
public final class WadoUriResource {

    private final WebContext ctx;
    private final InstanceFiles files;
    private final RenderableImages images;

    WadoUriResource(WebContext ctx) {
        this.ctx = ctx;
        this.files = ctx.files();
        this.images = new RenderableImages(files);
    }

    @GET
    @Path("wado")
    public Response get(@QueryParam("requestType") String requestType, @QueryParam("studyUID") String study,
                        @QueryParam("seriesUID") String series, @QueryParam("objectUID") String object,
                        @QueryParam("contentType") String contentType, @QueryParam("transferSyntax") String transferSyntax,
                        @QueryParam("frameNumber") String frameNumber, @QueryParam("windowCenter") String windowCenter,
                        @QueryParam("windowWidth") String windowWidth, @QueryParam("rows") String rows,
                        @QueryParam("columns") String columns, @QueryParam("imageQuality") String imageQuality)
            throws ArchiveException, IOException {
        if (!"WADO".equals(requestType)) throw DicomWebException.badRequest("requestType must be WADO");
        if (study == null || series == null || object == null) {
            throw DicomWebException.badRequest("studyUID, seriesUID and objectUID are required");
        }
        DataSet keys = new DataSet(4);
        keys.setString(Tag.StudyInstanceUID, VR.UI, WebContext.uid(study));
        keys.setString(Tag.SeriesInstanceUID, VR.UI, WebContext.uid(series));
        keys.setString(Tag.SOPInstanceUID, VR.UI, WebContext.uid(object));
        List<MediaRanges.Range> types = MediaRanges.split(contentType == null ? "image/jpeg" : contentType.trim(), ',').stream()
                .map(MediaRanges::parse).filter(r -> r != null).toList();
        boolean dicom = types.stream().anyMatch(r -> r.is("application", "dicom"));
        String image = dicom ? null : ImageEncoder.negotiate(types);
        if (!dicom && image == null) {
            throw DicomWebException.notAcceptable("contentType must be application/dicom, image/jpeg or image/png");
        }
        RenderParams params = dicom ? null : RenderParams.ofWadoUri(windowCenter, windowWidth, rows, columns, imageQuality);
        int frame = frameNumber == null ? 1 : frame(frameNumber);
        List<Item> items = ctx.archive().retrieve().locate(Level.IMAGE, keys);
        if (items.isEmpty()) throw DicomWebException.notFound("no such instance");
        Item item = items.get(0);
        if (!dicom) return Response.ok(images.render(images.open(item), frame, image, params), image).build();
        String ts = transferSyntax == null || transferSyntax.equals("*") ? item.transferSyntax() : WebContext.uid(transferSyntax);
        if (!InstanceFiles.convertible(item.transferSyntax(), ts)) {
            throw DicomWebException.notAcceptable("the instance is stored as " + item.transferSyntax() + " and cannot be converted to " + ts);
        }
        StreamingOutput body = out -> {
            if (ts.equals(item.transferSyntax())) {
                try (InputStream in = ctx.archive().retrieve().openFile(item)) {
                    in.transferTo(out);
                }
            } else {
                files.writeConverted(item, ts, out);
            }
        };
        Response.ResponseBuilder r = Response.ok(body, "application/dicom");
        if (ts.equals(item.transferSyntax())) r.header("Content-Length", item.size());
        return r.header("Content-Disposition", "attachment; filename=\"" + item.sopInstanceUid() + ".dcm\"").build();
    }

    private static int frame(String text) {
        List<Integer> n = WebContext.frameNumbers(text);
        if (n.size() != 1) throw DicomWebException.badRequest("frameNumber is one number: " + text);
        return n.getFirst();
    }
}
