package org.senpacs.dicomweb;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import jakarta.ws.rs.core.UriInfo;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.senpacs.archive.ArchiveError;
import org.senpacs.archive.ArchiveException;
import org.senpacs.archive.RequestOrigin;
import org.senpacs.archive.store.StoreService;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Sequence;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.VR;
import org.senpacs.dicom.io.DataSetReader;
import org.senpacs.dicom.io.DicomStreamReader;
import org.senpacs.dicom.io.ReadOptions;
import org.senpacs.dicom.json.DicomJsonWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * STOW-RS (PS3.18 §10.5): a multipart/related body of application/dicom parts. The whole body is
 * first received, each part spilled to a temporary file; a malformed, truncated or oversized body
 * is refused before anything is stored. Then each part goes through the archive's StoreService.
 */
@Path("/")
public final class StowResource {

    private static final Logger LOG = LoggerFactory.getLogger(StowResource.class);
    /** Enough of the header to check a part: up to the Series Instance UID. */
    private static final ReadOptions IDS = ReadOptions.DEFAULT.withStopBefore(Tag.SeriesInstanceUID + 1).withMaxValueLength(16L << 20);

    private static final int CANNOT_UNDERSTAND = 0xC000;
    private static final int DOES_NOT_MATCH = 0xA900;

    private final WebContext ctx;

    StowResource(WebContext ctx) {
        this.ctx = ctx;
    }

    @POST
    @Path("studies")
    public Response store(@HeaderParam("Content-Type") String contentType, InputStream body, @Context UriInfo uri,
                          @Context HttpServletRequest rq) throws IOException {
        return stow(null, contentType, body, uri, rq);
    }

    @POST
    @Path("studies/{study}")
    public Response storeInStudy(@PathParam("study") String study, @HeaderParam("Content-Type") String contentType,
                                 InputStream body, @Context UriInfo uri, @Context HttpServletRequest rq) throws IOException {
        return stow(WebContext.uid(study), contentType, body, uri, rq);
    }

    private record Part(java.nio.file.Path file, String contentType) {}

    private Response stow(String study, String contentType, InputStream body, UriInfo uri, HttpServletRequest rq)
            throws IOException {
        MediaRanges.Range ct = contentType == null ? null : MediaRanges.parse(contentType);
        if (ct == null || !ct.is("multipart", "related")) {
            throw DicomWebException.unsupportedMediaType("STOW-RS takes multipart/related; type=\"application/dicom\"");
        }
        String type = ct.param("type");
        if (type != null && !type.equalsIgnoreCase("application/dicom")) {
            throw DicomWebException.unsupportedMediaType("parts of type " + type + " are not supported; send application/dicom");
        }
        String boundary = ct.param("boundary");
        if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
            throw DicomWebException.badRequest("multipart/related without a valid boundary parameter");
        }
        List<Part> parts = new ArrayList<>();
        try {
            receive(new MultipartReader(body, boundary), parts);
            if (parts.isEmpty()) throw DicomWebException.badRequest("the multipart body has no parts");
            RequestOrigin origin = WebContext.origin(rq);
            DataSet answer = new DataSet(4);
            Sequence referenced = answer.newSequence(Tag.ReferencedSOPSequence, parts.size());
            Sequence failed = answer.newSequence(Tag.FailedSOPSequence, 0);
            String base = WebContext.base(uri);
            for (Part p : parts) storeOne(p, study, origin, base, referenced, failed);
            if (failed.isEmpty()) answer.remove(Tag.FailedSOPSequence);
            if (referenced.isEmpty()) answer.remove(Tag.ReferencedSOPSequence);
            if (study != null) answer.setString(Tag.RetrieveURL, VR.UR, base + "/studies/" + study);
            int status = failed.isEmpty() ? 200 : referenced.isEmpty() ? 409 : 202;
            StreamingOutput out = o -> {
                try (DicomJsonWriter w = new DicomJsonWriter(o)) {
                    w.write(answer);
                }
            };
            return Response.status(status).type(QidoResource.DICOM_JSON).entity(out).build();
        } catch (MultipartReader.MalformedException e) {
            throw DicomWebException.badRequest("malformed multipart body: " + e.getMessage());
        } catch (MultipartReader.TooLargeException e) {
            throw new DicomWebException(413, e.getMessage());
        } finally {
            for (Part p : parts) Files.deleteIfExists(p.file());
        }
    }

    private void receive(MultipartReader reader, List<Part> parts) throws IOException {
        Map<String, String> headers;
        while ((headers = reader.nextPart()) != null) {
            if (parts.size() >= ctx.options().maxParts()) throw new DicomWebException(413, "more than " + ctx.options().maxParts() + " parts");
            Files.createDirectories(ctx.options().tempDir());
            java.nio.file.Path f = Files.createTempFile(ctx.options().tempDir(), "stow-", ".part");
            parts.add(new Part(f, headers.getOrDefault("content-type", "application/dicom")));
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(f), 64 * 1024)) {
                reader.copyBody(out, ctx.options().maxPartSize());
            }
        }
    }

    private void storeOne(Part p, String study, RequestOrigin origin, String base, Sequence referenced, Sequence failed) {
        String sopClass = null;
        String sopInstance = null;
        try {
            MediaRanges.Range type = MediaRanges.parse(p.contentType());
            if (type == null || !type.is("application", "dicom")) {
                throw new ArchiveException(ArchiveError.CANNOT_UNDERSTAND, "part of type " + p.contentType() + " is not application/dicom");
            }
            long offset;
            String ts;
            DataSet ids;
            try (InputStream in = new BufferedInputStream(Files.newInputStream(p.file()), 64 * 1024)) {
                DicomStreamReader r = new DicomStreamReader(in).maxValueLength(IDS.maxValueLength());
                DataSet meta = r.fileMetaInformation();
                if (meta == null) throw new ArchiveException(ArchiveError.CANNOT_UNDERSTAND, "not a DICOM Part 10 file (no File Meta Information)");
                sopClass = meta.getString(Tag.MediaStorageSOPClassUID);
                sopInstance = meta.getString(Tag.MediaStorageSOPInstanceUID);
                ts = r.transferSyntax().uid();
                offset = r.dataSetOffset();
                ids = new DataSetReader(IDS).read(r, null);
            } catch (IOException | RuntimeException e) {
                throw new ArchiveException(ArchiveError.CANNOT_UNDERSTAND, "cannot parse the part: " + e.getMessage(), e);
            }
            String studyUid = ids.getString(Tag.StudyInstanceUID);
            if (study != null && !study.equals(studyUid)) {
                throw new ArchiveException(ArchiveError.DATA_SET_DOES_NOT_MATCH, "the instance belongs to another study than the request's");
            }
            try (InputStream in = new BufferedInputStream(Files.newInputStream(p.file()), 64 * 1024)) {
                in.skipNBytes(offset);
                ctx.archive().store().store(origin, sopClass, sopInstance, ts, in);
            } catch (IOException e) {
                throw new ArchiveException(ArchiveError.STORAGE_FAILURE, "reading the spilled part failed: " + e.getMessage(), e);
            }
            DataSet item = referenced.addItem();
            item.setString(Tag.ReferencedSOPClassUID, VR.UI, sopClass);
            item.setString(Tag.ReferencedSOPInstanceUID, VR.UI, sopInstance);
            item.setString(Tag.RetrieveURL, VR.UR, base + "/studies/" + studyUid + "/series/" + ids.getString(Tag.SeriesInstanceUID)
                    + "/instances/" + sopInstance);
        } catch (ArchiveException e) {
            LOG.info("SEN-W020 STOW-RS part refused ({}): {}", e.error(), e.getMessage());
            DataSet item = failed.addItem();
            item.setString(Tag.ReferencedSOPClassUID, VR.UI, sopClass == null ? "" : sopClass);
            item.setString(Tag.ReferencedSOPInstanceUID, VR.UI, sopInstance == null ? "" : sopInstance);
            int reason = switch (e.error()) {
                case DATA_SET_DOES_NOT_MATCH -> DOES_NOT_MATCH;
                case CANNOT_UNDERSTAND, MISSING_ATTRIBUTE -> CANNOT_UNDERSTAND;
                default -> e.error().dimseStatus;
            };
            item.setInt(Tag.FailureReason, VR.US, reason);
        }
    }
}
