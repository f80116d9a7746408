package org.senpacs.ris.order;

/**
 * A procedure of the local catalogue: what a procedure code means and on which modality it is
 * done, used when an order names the code but not the modality or description.
 */
public record CatalogueEntry(String modality, String description) {}
