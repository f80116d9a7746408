package org.senpacs.archive;

/**
 * Who asks, in terms every transport can give: the calling AE title (DIMSE) or the user (HTTP),
 * and the remote address. Services never see sockets or servlets.
 */
public record RequestOrigin(String callingAet, String calledAet, String remoteAddress, String user) {

    public static RequestOrigin dicom(String callingAet, String calledAet, String remoteAddress) {
        return new RequestOrigin(callingAet, calledAet, remoteAddress, null);
    }

    public static RequestOrigin local(String what) {
        return new RequestOrigin(null, null, "local", what);
    }
}
