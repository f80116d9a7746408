package org.senpacs.ris.order;

import java.util.Map;
import java.util.Objects;

/**
 * How orders are completed.
 *
 * @param catalogue procedure code (as the HIS sends it, e.g. {@code 18.0119.0028}) to modality and
 *     description, filling what an order leaves out
 * @param idPrefix prefix of the accession numbers, requested procedure IDs and step IDs generated
 *     for orders that come without them (at most 6 characters, so that the IDs fit DICOM's 16)
 * @param uidRoot root of generated Study Instance UIDs ("" for UUID-derived 2.25 UIDs)
 */
public record OrderOptions(Map<String, CatalogueEntry> catalogue, String idPrefix, String uidRoot) {

    public static final OrderOptions DEFAULT = new OrderOptions(Map.of(), "SEN", "");

    public OrderOptions {
        catalogue = Map.copyOf(Objects.requireNonNull(catalogue, "catalogue"));
        Objects.requireNonNull(idPrefix, "idPrefix");
        if (idPrefix.length() > 6 || !idPrefix.matches("[A-Za-z0-9]*")) {
            throw new IllegalArgumentException("ID prefix must be up to 6 letters or digits: " + idPrefix);
        }
        uidRoot = uidRoot == null ? "" : uidRoot;
    }

    public OrderOptions withCatalogue(Map<String, CatalogueEntry> entries) {
        return new OrderOptions(entries, idPrefix, uidRoot);
    }
}
