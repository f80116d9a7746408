package org.senpacs.dicomweb;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import java.sql.SQLException;
import java.util.Set;
import org.senpacs.archive.db.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The answer to a successful write of the REST API (an order, a report, a replayed HL7 message)
 * leaves only once what it changed is on the disk: see {@link Database#forceCommitted()}. A write
 * that cannot be forced is answered 503; it is committed, so asking again finds it done.
 */
@Provider
final class DurableWrites implements ContainerResponseFilter {

    private static final Logger LOG = LoggerFactory.getLogger(DurableWrites.class);
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    private final Database database;

    DurableWrites(Database database) {
        this.database = database;
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (READS.contains(request.getMethod()) || response.getStatus() >= 400) return;
        try {
            database.forceCommitted();
        } catch (SQLException e) {
            LOG.warn("SEN-W003 a {} of {} could not be forced to the disk: {}", request.getMethod(),
                    request.getUriInfo().getPath(), e.toString());
            response.setStatus(503);
            response.setEntity(Problems.json(503, "the change is saved but could not be forced to the disk: " + e.getMessage()),
                    new java.lang.annotation.Annotation[0], MediaType.valueOf(Problems.MEDIA_TYPE));
        }
    }
}
