package org.senpacs.dicomweb;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import java.util.List;
import org.senpacs.archive.ArchiveException;
import org.senpacs.archive.index.Levels.Level;
import org.senpacs.archive.retrieve.RetrieveService.Item;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.VR;

/** WADO-URI (PS3.18 §9): one instance as its Part 10 file; rendered (JPEG) answers are not offered yet. */
@Path("/")
public final class WadoUriResource {

    private final WebContext ctx;
    private final InstanceFiles files;

    WadoUriResource(WebContext ctx) {
        this.ctx = ctx;
        this.files = new InstanceFiles(ctx.archive(), ctx.options().maxTranscodeSize());
    }

    @GET
    @Path("wado")
    public Response get(@QueryParam("requestType") String requestType, @QueryParam("studyUID") String study,
                        @QueryParam("seriesUID") String series, @QueryParam("objectUID") String object,
                        @QueryParam("contentType") String contentType, @QueryParam("transferSyntax") String transferSyntax)
            throws ArchiveException {
        if (!"WADO".equals(requestType)) throw DicomWebException.badRequest("requestType must be WADO");
        if (study == null || series == null || object == null) {
            throw DicomWebException.badRequest("studyUID, seriesUID and objectUID are required");
        }
        DataSet keys = new DataSet(4);
        keys.setString(Tag.StudyInstanceUID, VR.UI, WadoResource.uid(study));
        keys.setString(Tag.SeriesInstanceUID, VR.UI, WadoResource.uid(series));
        keys.setString(Tag.SOPInstanceUID, VR.UI, WadoResource.uid(object));
        String type = contentType == null ? "image/jpeg" : contentType.trim();
        if (!MediaRanges.split(type, ',').stream().map(MediaRanges::parse)
                .anyMatch(r -> r != null && r.is("application", "dicom"))) {
            throw DicomWebException.notAcceptable("only contentType=application/dicom is supported (rendered image/jpeg is not yet)");
        }
        List<Item> items = ctx.archive().retrieve().locate(Level.IMAGE, keys);
        if (items.isEmpty()) throw DicomWebException.notFound("no such instance");
        Item item = items.get(0);
        String ts = transferSyntax == null || transferSyntax.equals("*") ? item.transferSyntax() : WadoResource.uid(transferSyntax);
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
}
