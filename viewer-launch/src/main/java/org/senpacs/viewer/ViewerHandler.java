package org.senpacs.viewer;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.Methods;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;
import javax.xml.stream.XMLStreamException;
import org.senpacs.archive.ArchiveException;
import org.senpacs.archive.RequestOrigin;
import org.senpacs.archive.query.QueryService;
import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens studies in a viewer: {@code GET …/viewer/manifest} (a Weasis manifest), {@code GET …/viewer/weasis}
 * (a redirect to a {@code weasis://} launch URI) and {@code GET …/IHEInvokeImageDisplay} (IHE RAD-106).
 * Mount it at {@code /viewer} and {@code /IHEInvokeImageDisplay}; it routes on the end of the request path.
 * Work runs on a worker thread, never on the IO thread.
 */
public final class ViewerHandler implements HttpHandler {

    static final String MANIFEST = "/viewer/manifest";
    static final String WEASIS = "/viewer/weasis";
    static final String IID = "/IHEInvokeImageDisplay";
    private static final Logger LOG = LoggerFactory.getLogger(ViewerHandler.class);

    private final ViewerOptions options;
    private final StudyFinder finder;
    private final ManifestWriter manifests;
    private final StudyToken tokens;
    private final Clock clock;

    public ViewerHandler(QueryService queries, ViewerOptions options) {
        this(queries, options, Clock.systemUTC());
    }

    ViewerHandler(QueryService queries, ViewerOptions options, Clock clock) {
        this.options = options;
        this.finder = new StudyFinder(queries, options.maxStudies());
        this.manifests = new ManifestWriter(finder);
        this.tokens = new StudyToken(options.tokenKey());
        this.clock = clock;
    }

    @Override
    public void handleRequest(HttpServerExchange ex) throws Exception {
        if (ex.isInIoThread()) {
            ex.dispatch(this);
            return;
        }
        ex.startBlocking();
        String path = ex.getRequestPath();
        if (path.endsWith("/")) path = path.substring(0, path.length() - 1);
        try {
            if (!ex.getRequestMethod().equals(Methods.GET) && !ex.getRequestMethod().equals(Methods.HEAD)) {
                throw new ViewerException(405, "only GET");
            }
            QueryParams params = QueryParams.parse(ex.getQueryString());
            if (path.endsWith(MANIFEST)) manifest(ex, params);
            else if (path.endsWith(WEASIS)) weasis(ex, params, path.substring(0, path.length() - WEASIS.length()));
            else if (path.endsWith(IID)) invokeImageDisplay(ex, params, path.substring(0, path.length() - IID.length()));
            else throw new ViewerException(404, "no such resource");
        } catch (ViewerException e) {
            error(ex, e.status, e.getMessage());
        } catch (ArchiveException e) {
            LOG.warn("SEN-V001 viewer launch query failed: {}", e.getMessage());
            error(ex, e.error().httpStatus, e.getMessage());
        }
    }

    // ---- GET /viewer/manifest

    private void manifest(HttpServerExchange ex, QueryParams params) throws ViewerException, ArchiveException, IOException {
        Selection sel = Selection.of(params);
        List<String> given = params.all("token");
        if (options.requireToken() && given.isEmpty()) throw new ViewerException(401, "a manifest needs a token; open the study through /viewer/weasis");
        if (given.size() > options.maxStudies()) throw new ViewerException(400, "too many tokens");
        boolean checked = !given.isEmpty() || options.requireToken();
        if (checked) {
            for (String uid : sel.studyUids()) checkToken(given, uid); // before asking the index: no probing
        }
        List<DataSet> studies = finder.studies(sel, origin(ex));
        if (checked) {
            // studies found through other keys (patient, accession, series) need their own token too
            if (studies.isEmpty() && sel.studyUids().isEmpty()) throw new ViewerException(403, "no valid token for this request");
            for (DataSet st : studies) checkToken(given, st.getString(Tag.StudyInstanceUID));
        }
        if (studies.isEmpty()) throw new ViewerException(404, "no study matches");
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/xml; charset=UTF-8");
        ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        boolean gzip = acceptsGzip(ex);
        if (gzip) ex.getResponseHeaders().put(Headers.CONTENT_ENCODING, "gzip");
        ex.getResponseHeaders().add(Headers.VARY, "Accept-Encoding");
        if (ex.getRequestMethod().equals(Methods.HEAD)) {
            ex.endExchange();
            return;
        }
        OutputStream out = gzip ? new GZIPOutputStream(ex.getOutputStream(), 8192) : ex.getOutputStream();
        try {
            manifests.write(out, absolute(ex, options.wadoUrl()), studies, sel.seriesUids(), sel.objectUids(), origin(ex));
            out.close();
        } catch (XMLStreamException e) {
            // the status is already sent: cut the answer short so the client sees a broken document
            LOG.warn("SEN-V002 cannot write a manifest: {}", e.getMessage());
            org.xnio.IoUtils.safeClose(ex.getConnection());
        }
    }

    private void checkToken(List<String> given, String studyUid) throws ViewerException {
        Instant now = clock.instant();
        boolean expired = false;
        for (String t : given) {
            StudyToken.Verdict v = tokens.verify(t, studyUid, now);
            if (v == StudyToken.Verdict.VALID) return;
            expired |= v == StudyToken.Verdict.EXPIRED;
        }
        if (expired) throw new ViewerException(401, "the token has expired; launch the viewer again");
        throw new ViewerException(403, "no valid token for a study of this request");
    }

    private static boolean acceptsGzip(HttpServerExchange ex) {
        for (String v : ex.getRequestHeaders().get(Headers.ACCEPT_ENCODING) == null ? List.<String>of()
                : ex.getRequestHeaders().get(Headers.ACCEPT_ENCODING)) {
            for (String coding : v.split(",")) {
                String[] parts = coding.trim().toLowerCase(Locale.ROOT).split(";");
                if (parts[0].trim().equals("gzip") && !(parts.length > 1 && parts[1].trim().matches("q=0(\\.0*)?"))) return true;
            }
        }
        return false;
    }

    // ---- GET /viewer/weasis

    private void weasis(HttpServerExchange ex, QueryParams params, String prefix) throws ViewerException, ArchiveException {
        Selection sel = Selection.of(params);
        launch(ex, sel, "rs".equals(params.first("mode")), prefix);
    }

    /** Redirects to the weasis:// URI opening the selected studies (a manifest, or DICOMweb with mode rs). */
    private void launch(HttpServerExchange ex, Selection sel, boolean rs, String prefix) throws ViewerException, ArchiveException {
        List<DataSet> studies = finder.studies(sel, origin(ex));
        if (studies.isEmpty()) throw new ViewerException(404, "no study matches");
        List<String> uids = new ArrayList<>();
        for (DataSet st : studies) uids.add(st.getString(Tag.StudyInstanceUID));
        String command = rs ? rsCommand(ex, uids) : getCommand(manifestUrl(ex, prefix, uids, sel));
        redirect(ex, weasisUri(command));
    }

    String manifestUrl(HttpServerExchange ex, String prefix, List<String> studyUids, Selection sel) {
        StringBuilder url = new StringBuilder(publicUrl(ex)).append(prefix).append(MANIFEST);
        char sep = '?';
        Instant expiry = clock.instant().plus(options.tokenLifetime());
        for (String uid : studyUids) {
            url.append(sep).append("studyUID=").append(uid).append("&token=").append(enc(tokens.issue(uid, expiry)));
            sep = '&';
        }
        for (String uid : sel.seriesUids()) url.append("&seriesUID=").append(uid);
        for (String uid : sel.objectUids()) url.append("&objectUID=").append(uid);
        return url.toString();
    }

    static String getCommand(String manifestUrl) {
        return "$dicom:get -w \"" + manifestUrl + "\"";
    }

    String rsCommand(HttpServerExchange ex, List<String> studyUids) {
        StringBuilder cmd = new StringBuilder("$dicom:rs --url \"").append(absolute(ex, options.dicomWebUrl())).append('"');
        for (String uid : studyUids) cmd.append(" -r \"studyUID=").append(uid).append('"');
        return cmd.toString();
    }

    /** {@code weasis://} followed by the whole command percent-encoded (spaces as %20). */
    static String weasisUri(String command) {
        return "weasis://" + enc(command);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** A configured URL as clients see it: a path alone is resolved against the public URL. */
    private String absolute(HttpServerExchange ex, String url) {
        return url.startsWith("/") ? publicUrl(ex) + url : url;
    }

    private String publicUrl(HttpServerExchange ex) {
        return options.publicUrl() != null ? options.publicUrl() : ex.getRequestScheme() + "://" + ex.getHostAndPort();
    }

    // ---- GET /IHEInvokeImageDisplay (IHE RAD-106)

    private void invokeImageDisplay(HttpServerExchange ex, QueryParams params, String prefix) throws ViewerException, ArchiveException {
        String requestType = params.first("requestType");
        if (requestType == null) throw new ViewerException(400, "requestType is required (STUDY or PATIENT)");
        Selection sel = switch (requestType.toUpperCase(Locale.ROOT)) {
            case "STUDY" -> {
                List<String> studyUids = params.all("studyUID", ',');
                List<String> accessions = params.all("accessionNumber", ',');
                if (studyUids.isEmpty() && accessions.isEmpty()) throw new ViewerException(400, "requestType=STUDY needs studyUID or accessionNumber");
                yield new Selection(studyUids, List.of(), null, accessions, List.of(), List.of(), null, null, List.of(), 0);
            }
            case "PATIENT" -> patientSelection(params);
            default -> throw new ViewerException(400, "unsupported requestType: " + requestType);
        };
        sel.checkUids();
        String viewerType = params.first("viewerType");
        String vt = viewerType == null ? "weasis" : viewerType.toLowerCase(Locale.ROOT);
        switch (vt) {
            case "weasis" -> launch(ex, sel, "rs".equals(params.first("mode")), prefix);
            case "html", "ihe_bir" -> page(ex, finder.studies(sel, origin(ex)), prefix);
            default -> throw new ViewerException(400, "unsupported viewerType: " + viewerType + " (weasis, html, IHE_BIR)");
        }
    }

    private static Selection patientSelection(QueryParams params) throws ViewerException {
        String cx = params.first("patientID");
        if (cx == null) throw new ViewerException(400, "requestType=PATIENT needs patientID");
        // HL7 CX: ID^^^namespace&universal&type; the issuer is the assigning authority's namespace (else its universal ID)
        String[] comps = cx.split("\\^", -1);
        String issuer = null;
        if (comps.length > 3 && !comps[3].isEmpty()) {
            for (String sub : comps[3].split("&")) {
                if (!sub.isEmpty()) {
                    issuer = sub;
                    break;
                }
            }
        }
        if (comps[0].isEmpty()) throw new ViewerException(400, "patientID has no ID: " + cx);
        int mostRecent = 0;
        String mr = params.first("mostRecentResults");
        if (mr != null) {
            try {
                mostRecent = Integer.parseInt(mr);
            } catch (NumberFormatException e) {
                throw new ViewerException(400, "mostRecentResults is not a number: " + mr);
            }
            if (mostRecent < 0) throw new ViewerException(400, "mostRecentResults is negative: " + mr);
        }
        List<String> modalities = new ArrayList<>();
        for (String m : params.all("modalitiesInStudy", ',')) modalities.add(m.toUpperCase(Locale.ROOT));
        return new Selection(List.of(), List.of(comps[0]), issuer, List.of(), List.of(), List.of(),
                date(params.first("lowerDateTime"), "lowerDateTime"), date(params.first("upperDateTime"), "upperDateTime"),
                modalities, mostRecent);
    }

    /** The date of an ISO 8601 date-time (or date, or DICOM DA); the time is not used for matching. */
    static String date(String value, String name) throws ViewerException {
        if (value == null) return null;
        if (value.matches("\\d{8}")) return value;
        try {
            LocalDate d = value.length() <= 10 ? LocalDate.parse(value)
                    : value.matches(".*([zZ]|[+-]\\d\\d:?\\d\\d)$") ? OffsetDateTime.parse(value).toLocalDate()
                    : java.time.LocalDateTime.parse(value).toLocalDate();
            return d.format(DateTimeFormatter.BASIC_ISO_DATE);
        } catch (DateTimeParseException e) {
            throw new ViewerException(400, name + " is not an ISO 8601 date-time: " + value);
        }
    }

    /** A minimal HTML page: one line per study, each a link that opens it in Weasis. */
    private static void page(HttpServerExchange ex, List<DataSet> studies, String prefix) {
        StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Studies</title></head><body>\n");
        if (studies.isEmpty()) html.append("<p>No study matches.</p>\n");
        else html.append("<table>\n<tr><th>Patient</th><th>ID</th><th>Date</th><th>Accession</th><th>Modalities</th><th>Description</th><th></th></tr>\n");
        for (DataSet st : studies) {
            html.append("<tr>");
            for (int tag : new int[] {Tag.PatientName, Tag.PatientID, Tag.StudyDate, Tag.AccessionNumber, Tag.ModalitiesInStudy, Tag.StudyDescription}) {
                String v = st.getText(tag);
                html.append("<td>").append(escape(v == null ? "" : v.trim())).append("</td>");
            }
            html.append("<td><a href=\"").append(escape(prefix + WEASIS + "?studyUID=" + st.getString(Tag.StudyInstanceUID)))
                    .append("\">Open in Weasis</a></td></tr>\n");
        }
        if (!studies.isEmpty()) html.append("</table>\n");
        html.append("</body></html>\n");
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/html; charset=UTF-8");
        ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        ex.getResponseSender().send(html.toString(), StandardCharsets.UTF_8);
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    // ---- answers

    private static void redirect(HttpServerExchange ex, String location) {
        ex.setStatusCode(302);
        ex.getResponseHeaders().put(Headers.LOCATION, location);
        ex.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-store");
        ex.endExchange();
    }

    private static void error(HttpServerExchange ex, int status, String message) {
        if (ex.isResponseStarted()) {
            org.xnio.IoUtils.safeClose(ex.getConnection());
            return;
        }
        ex.setStatusCode(status);
        ex.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=UTF-8");
        ex.getResponseSender().send(message + "\n", StandardCharsets.UTF_8);
    }

    private static RequestOrigin origin(HttpServerExchange ex) {
        InetSocketAddress peer = ex.getSourceAddress();
        return new RequestOrigin(null, null, peer == null ? null : peer.getHostString(), null);
    }
}
