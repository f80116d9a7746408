package org.senpacs.dicomweb;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.jboss.resteasy.core.ResteasyDeploymentImpl;
import org.jboss.resteasy.plugins.server.servlet.HttpServlet30Dispatcher;
import org.jboss.resteasy.spi.ResteasyDeployment;
import org.senpacs.archive.Archive;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DICOMweb (PS3.18) over the archive: QIDO-RS, WADO-RS (with metadata, rendered images and
 * thumbnails), STOW-RS and WADO-URI under {@code /dicom-web}, and the system API (health,
 * version, remote AEs, OpenAPI) with other modules' REST resources under {@code /api}; on
 * Undertow with Jakarta REST resources (RESTEasy). Requests run on
 * Undertow's worker threads, never on its IO threads. Every answer, errors included, carries the
 * CORS headers; errors are problem details.
 */
public final class DicomWebServer implements AutoCloseable {

    /** Where the services live. */
    public static final String BASE_PATH = "/dicom-web";
    /** Where the product's REST API lives (orders, reports, administration). */
    public static final String API_PATH = "/api";

    private static final Logger LOG = LoggerFactory.getLogger(DicomWebServer.class);

    private final Undertow undertow;
    private DeploymentManager manager;
    private DeploymentManager apiManager;
    private final ResteasyDeployment rest;
    private final ResteasyDeployment api;
    private final DicomWebOptions options;
    private final Archive archive;
    private final SeriesMetadataCache metadataCache;

    /**
     * Starts serving.
     *
     * @throws IOException when the port cannot be bound or the application cannot be deployed
     */
    public DicomWebServer(Archive archive, DicomWebOptions options) throws IOException {
        this(archive, options, java.util.Map.of());
    }

    /**
     * Starts serving, with more handlers mounted beside DICOMweb on the same port (viewer launch),
     * each at its path prefix.
     */
    public DicomWebServer(Archive archive, DicomWebOptions options, java.util.Map<String, HttpHandler> mounts) throws IOException {
        this(archive, options, mounts, java.util.List.of());
    }

    /**
     * Starts serving, with more handlers mounted beside DICOMweb, and the product's REST API under
     * {@link #API_PATH}: Jakarta REST resource objects of other modules (orders, reports, ...).
     * API resources produce their own JSON; errors they throw become problem details.
     */
    public DicomWebServer(Archive archive, DicomWebOptions options, java.util.Map<String, HttpHandler> mounts,
                          java.util.List<Object> apiResources) throws IOException {
        this.options = options;
        this.archive = archive;
        metadataCache = new SeriesMetadataCache(options.metadataCacheSize());
        archive.addListener(metadataCache);
        WebContext ctx = new WebContext(archive, options, metadataCache);
        rest = new ResteasyDeploymentImpl();
        rest.getResources().add(new QidoResource(ctx));
        rest.getResources().add(new WadoResource(ctx));
        rest.getResources().add(new MetadataResource(ctx));
        rest.getResources().add(new RenderedResource(ctx));
        rest.getResources().add(new StowResource(ctx));
        rest.getResources().add(new WadoUriResource(ctx));
        rest.getProviders().add(new Problems());
        rest.getProviders().add(new AcceptFilter());
        api = new ResteasyDeploymentImpl();
        api.getResources().add(new SystemResource(archive));
        api.getResources().addAll(apiResources);
        api.getProviders().add(new Problems());
        api.getProviders().add(new DurableWrites(archive.database()));
        HttpHandler app;
        HttpHandler apiApp;
        try {
            manager = deploy("dicomweb", BASE_PATH, rest);
            app = manager.start();
            apiManager = deploy("api", API_PATH, api);
            apiApp = apiManager.start();
        } catch (jakarta.servlet.ServletException | RuntimeException e) {
            stopDeployments();
            throw new IOException("cannot deploy the HTTP services: " + e.getMessage(), e);
        }
        io.undertow.server.handlers.PathHandler root = Handlers.path(new NotFound())
                .addPrefixPath(BASE_PATH, app).addPrefixPath(API_PATH, apiApp);
        mounts.forEach(root::addPrefixPath);
        undertow = Undertow.builder()
                .addHttpListener(options.port(), options.bind())
                // URLs are decoded by the resources, so a malformed one gets a problem answer, not a bare 400
                .setServerOption(UndertowOptions.DECODE_URL, false)
                .setHandler(new Cors(root, options))
                .build();
        try {
            undertow.start();
        } catch (RuntimeException e) {
            stopDeployments();
            throw new IOException("cannot listen on " + options.bind() + ":" + options.port() + ": " + e.getMessage(), e);
        }
        LOG.info("SEN-W100 DICOMweb on http://{}:{}{}", options.bind(), port(), BASE_PATH);
    }

    /** The port listened on (the one picked when the options said 0). */
    public int port() {
        return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    public DicomWebOptions options() {
        return options;
    }

    @Override
    public void close() throws Exception {
        undertow.stop();
        stopDeployments();
    }

    private static DeploymentManager deploy(String name, String path, ResteasyDeployment deployment) {
        deployment.start();
        DeploymentInfo di = Servlets.deployment()
                .setClassLoader(DicomWebServer.class.getClassLoader())
                .setContextPath(path)
                .setDeploymentName(name)
                .addServletContextAttribute(ResteasyDeployment.class.getName(), deployment)
                .addServlet(Servlets.servlet("rest", HttpServlet30Dispatcher.class).addMapping("/*").setAsyncSupported(true));
        DeploymentManager m = Servlets.newContainer().addDeployment(di);
        m.deploy();
        return m;
    }

    private void stopDeployments() {
        for (DeploymentManager m : new DeploymentManager[] {apiManager, manager}) {
            if (m == null) continue;
            try {
                m.stop();
            } catch (jakarta.servlet.ServletException | RuntimeException e) {
                LOG.debug("stopping a deployment", e);
            }
            m.undeploy();
        }
        api.stop();
        rest.stop();
        archive.events().removeListener(metadataCache);
        metadataCache.close();
    }

    /** Anything outside the base path. */
    private static final class NotFound implements HttpHandler {
        @Override
        public void handleRequest(HttpServerExchange ex) {
            ex.setStatusCode(404);
            ex.getResponseHeaders().put(Headers.CONTENT_TYPE, Problems.MEDIA_TYPE);
            ex.getResponseSender().send(Problems.json(404, "no such resource (DICOMweb is under " + BASE_PATH + ")"),
                    StandardCharsets.UTF_8);
        }
    }

    /**
     * CORS on every answer: the headers are added when the response is committed, so error
     * answers from any layer carry them; preflight requests are answered here.
     */
    private static final class Cors implements HttpHandler {
        private static final HttpString ALLOW_ORIGIN = new HttpString("Access-Control-Allow-Origin");
        private static final HttpString EXPOSE = new HttpString("Access-Control-Expose-Headers");
        private static final HttpString ALLOW_METHODS = new HttpString("Access-Control-Allow-Methods");
        private static final HttpString ALLOW_HEADERS = new HttpString("Access-Control-Allow-Headers");
        private static final HttpString REQUEST_HEADERS = new HttpString("Access-Control-Request-Headers");
        private static final HttpString MAX_AGE = new HttpString("Access-Control-Max-Age");

        private final HttpHandler next;
        private final DicomWebOptions options;

        Cors(HttpHandler next, DicomWebOptions options) {
            this.next = next;
            this.options = options;
        }

        @Override
        public void handleRequest(HttpServerExchange ex) throws Exception {
            String origin = ex.getRequestHeaders().getFirst(Headers.ORIGIN);
            String allowed = options.allowsAnyOrigin() ? "*"
                    : origin != null && options.allowedOrigins().contains(origin) ? origin : null;
            if (allowed != null) {
                ex.addResponseCommitListener(e -> {
                    e.getResponseHeaders().put(ALLOW_ORIGIN, allowed);
                    e.getResponseHeaders().put(EXPOSE, "Warning, Content-Type, Content-Length, Content-Location");
                    if (!"*".equals(allowed)) e.getResponseHeaders().add(Headers.VARY, "Origin");
                });
            }
            if (ex.getRequestMethod().equals(Methods.OPTIONS) && origin != null) {
                ex.setStatusCode(204);
                ex.getResponseHeaders().put(ALLOW_METHODS, "GET, POST, PUT, DELETE, OPTIONS");
                String asked = ex.getRequestHeaders().getFirst(REQUEST_HEADERS);
                ex.getResponseHeaders().put(ALLOW_HEADERS, asked != null ? asked : "Accept, Content-Type");
                ex.getResponseHeaders().put(MAX_AGE, "600");
                ex.endExchange();
                return;
            }
            next.handleRequest(ex);
        }
    }
}
