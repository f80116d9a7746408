package org.senpacs.ris.study;

import java.util.List;

/**
 * What linking a study to an order did.
 *
 * @param orderStatus the order's status afterwards
 * @param sopInstanceUids the stored objects rewritten with the order's attributes
 */
public record LinkResult(String studyUid, long orderPk, String orderStatus, List<String> sopInstanceUids) {}
