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
 * DICOMweb (PS3.18) over the archive: QIDO-RS, WADO-RS, STOW-RS and WADO-URI under
 * {@code /dicom-web}, on Undertow with Jakarta REST resources (RESTEasy). Requests run on
 * Undertow's worker threads, never on its IO threads. Every answer, errors included, carries the
 * CORS headers; errors are problem details.
 */
public final class DicomWebServer implements AutoCloseable {

    /** Where the services live. */
    public static final String BASE_PATH = "/dicom-web";

    private static final Logger LOG = LoggerFactory.getLogger(DicomWebServer.class);

    private final Undertow undertow;
    private final DeploymentManager manager;
    private final ResteasyDeployment rest;
    private final DicomWebOptions options;

    /**
     * Starts serving.
     *
     * @throws IOException when the port cannot be bound or the application cannot be deployed
     */
    public DicomWebServer(Archive archive, DicomWebOptions options) throws IOException {
        this(archive, options, java.util.Map.of());
    }

    /**
     * Starts serving, with more handlers mounted beside DICOMweb on the same port (viewer launch,
     * later the REST API), each at its path prefix.
     */
    public DicomWebServer(Archive archive, DicomWebOptions options, java.util.Map<String, HttpHandler> mounts) throws IOException {
        this.options = options;
        WebContext ctx = new WebContext(archive, options);
        rest = new ResteasyDeploymentImpl();
        rest.getResources().add(new QidoResource(ctx));
        rest.getResources().add(new WadoResource(ctx));
        rest.getResources().add(new StowResource(ctx));
        rest.getResources().add(new WadoUriResource(ctx));
        rest.getProviders().add(new Problems());
        rest.getProviders().add(new AcceptFilter());
        rest.start();
        DeploymentInfo di = Servlets.deployment()
                .setClassLoader(DicomWebServer.class.getClassLoader())
                .setContextPath(BASE_PATH)
                .setDeploymentName("dicomweb")
                .addServletContextAttribute(ResteasyDeployment.class.getName(), rest)
                .addServlet(Servlets.servlet("rest", HttpServlet30Dispatcher.class).addMapping("/*").setAsyncSupported(true));
        manager = Servlets.newContainer().addDeployment(di);
        manager.deploy();
        HttpHandler app;
        try {
            app = manager.start();
        } catch (jakarta.servlet.ServletException e) {
            rest.stop();
            throw new IOException("cannot deploy DICOMweb: " + e.getMessage(), e);
        }
        io.undertow.server.handlers.PathHandler root = Handlers.path(new NotFound()).addPrefixPath(BASE_PATH, app);
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
            manager.undeploy();
            rest.stop();
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
        manager.stop();
        manager.undeploy();
        rest.stop();
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
                ex.getResponseHeaders().put(ALLOW_METHODS, "GET, POST, OPTIONS");
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
