package org.senpacs.dicomweb;

import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.senpacs.archive.Archive;
import org.senpacs.archive.ArchiveException;
import org.senpacs.archive.RequestOrigin;
import org.senpacs.archive.index.Levels.Level;
import org.senpacs.archive.retrieve.RetrieveService.Item;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.senpacs.dicom.Uids;
import org.senpacs.dicom.VR;

/** What every resource shares: the archive, the options, the stored files and the metadata cache. */
record WebContext(Archive archive, DicomWebOptions options, InstanceFiles files, SeriesMetadataCache metadataCache) {

    WebContext(Archive archive, DicomWebOptions options, SeriesMetadataCache metadataCache) {
        this(archive, options, new InstanceFiles(archive, options.maxTranscodeSize()), metadataCache);
    }

    static RequestOrigin origin(jakarta.servlet.http.HttpServletRequest rq) {
        String user = rq.getUserPrincipal() == null ? null : rq.getUserPrincipal().getName();
        return new RequestOrigin(null, null, rq.getRemoteAddr(), user);
    }

    /** The Accept header as the client sent it (the framework's copy is neutralized by {@link AcceptFilter}). */
    static String accept(jakarta.servlet.http.HttpServletRequest rq) {
        return String.join(",", java.util.Collections.list(rq.getHeaders("Accept")));
    }

    /** The absolute base of the services, without the trailing slash: {@code http://host:port/dicom-web}. */
    static String base(UriInfo uri) {
        String b = uri.getBaseUri().toString();
        return b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    }

    /** The instances of a study, series or instance of a request's path; 404 when there are none. */
    List<Item> locate(Level level, String study, String series, String instance) throws ArchiveException {
        DataSet keys = new DataSet(4);
        keys.setString(Tag.StudyInstanceUID, VR.UI, uid(study));
        if (series != null) keys.setString(Tag.SeriesInstanceUID, VR.UI, uid(series));
        if (instance != null) keys.setString(Tag.SOPInstanceUID, VR.UI, uid(instance));
        List<Item> items = archive.retrieve().locate(level, keys);
        if (items.isEmpty()) throw DicomWebException.notFound("no such " + (level == Level.IMAGE ? "instance" : level.name().toLowerCase()));
        return items;
    }

    /** A UID of a request, checked; 400 when it is not one. */
    static String uid(String s) {
        if (!Uids.isValid(s)) throw DicomWebException.badRequest("not a valid UID: " + (s.length() > 80 ? s.substring(0, 80) + "…" : s));
        return s;
    }

    /** A frame list of a request path ({@code 1,3,5}): 1-based numbers; 400 otherwise. */
    static List<Integer> frameNumbers(String list) {
        List<Integer> numbers = new java.util.ArrayList<>();
        for (String f : list.split(",", -1)) {
            try {
                int n = Integer.parseInt(f.trim());
                if (n < 1) throw new NumberFormatException();
                numbers.add(n);
            } catch (NumberFormatException e) {
                throw DicomWebException.badRequest("not a frame list (1-based numbers, comma-separated): " + list);
            }
        }
        return numbers;
    }
}
