package org.senpacs.dicom.net;

import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.Tag;

/** A response: its command set and data set (or null). */
public record DimseResult(DataSet command, DataSet data) {

    public int status() {
        return command.getInt(Tag.Status, -1);
    }

    public String errorComment() {
        return command.getString(Tag.ErrorComment);
    }

    public int completed() {
        return command.getInt(Tag.NumberOfCompletedSuboperations, 0);
    }

    public int failed() {
        return command.getInt(Tag.NumberOfFailedSuboperations, 0);
    }

    public int warning() {
        return command.getInt(Tag.NumberOfWarningSuboperations, 0);
    }

    public int remaining() {
        return command.getInt(Tag.NumberOfRemainingSuboperations, 0);
    }

    @Override
    public String toString() {
        return "status " + Status.toString(status()) + (errorComment() != null ? " (" + errorComment() + ")" : "");
    }
}
