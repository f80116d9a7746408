package org.senpacs.dicomweb;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.ext.Provider;

/**
 * Hides the Accept header from the framework, whose strict parser would refuse what DICOMweb
 * clients send (unquoted parameters, transfer-syntax lists) before any resource sees it. The
 * resources read the header from the servlet request and negotiate it leniently themselves.
 */
@Provider
@PreMatching
public final class AcceptFilter implements ContainerRequestFilter {

    @Override
    public void filter(ContainerRequestContext rq) {
        rq.getHeaders().putSingle("Accept", "*/*");
    }
}
