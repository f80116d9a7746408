package org.senpacs.viewer;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.handlers.PathHandler;
import java.io.IOException;
import java.net.InetSocketAddress;
import org.senpacs.archive.query.QueryService;

/** The viewer launch endpoints alone on their own port (tests, or a node without DICOMweb). */
public final class ViewerServer implements AutoCloseable {

    private final Undertow undertow;

    public ViewerServer(QueryService queries, ViewerOptions options, String bind, int port) throws IOException {
        this(new ViewerHandler(queries, options), bind, port);
    }

    ViewerServer(ViewerHandler handler, String bind, int port) throws IOException {
        PathHandler root = Handlers.path(ex -> {
            ex.setStatusCode(404);
            ex.endExchange();
        }).addPrefixPath("/viewer", handler).addPrefixPath(ViewerHandler.IID, handler);
        undertow = Undertow.builder().addHttpListener(port, bind).setHandler(root).build();
        try {
            undertow.start();
        } catch (RuntimeException e) {
            throw new IOException("cannot listen on " + bind + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** The port listened on (the one picked when 0 was asked). */
    public int port() {
        return ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
    }

    @Override
    public void close() {
        undertow.stop();
    }
}
