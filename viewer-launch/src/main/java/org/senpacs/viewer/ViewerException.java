package org.senpacs.viewer;

/** A launch request that cannot be answered, with its HTTP status. */
final class ViewerException extends Exception {

    final int status;

    ViewerException(int status, String message) {
        super(message);
        this.status = status;
    }
}
