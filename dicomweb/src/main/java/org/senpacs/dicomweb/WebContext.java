package org.senpacs.dicomweb;

import jakarta.ws.rs.core.UriInfo;
import org.senpacs.archive.Archive;
import org.senpacs.archive.RequestOrigin;

/** What every resource shares: the archive and the options. */
record WebContext(Archive archive, DicomWebOptions options) {

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
}
