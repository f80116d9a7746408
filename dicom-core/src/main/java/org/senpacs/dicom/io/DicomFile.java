package org.senpacs.dicom.io;

import org.senpacs.dicom.DataSet;
import org.senpacs.dicom.TransferSyntax;

/**
 * What a file held: its File Meta Information (null for a bare data set), its data set, and the
 * transfer syntax the data set was encoded in.
 */
public record DicomFile(DataSet fileMetaInformation, DataSet dataSet, TransferSyntax transferSyntax) {}
