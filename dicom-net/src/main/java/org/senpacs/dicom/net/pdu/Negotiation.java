package org.senpacs.dicom.net.pdu;

import java.util.List;

/** The negotiation sub-items of the User Information item (PS3.7 Annex D.3.3). */
public final class Negotiation {

    private Negotiation() {}

    /** SCP/SCU Role Selection (D.3.3.4): which roles the requestor proposes, or the acceptor accepts. */
    public record RoleSelection(String sopClassUid, boolean scu, boolean scp) {}

    /** SOP Class Extended Negotiation (D.3.3.5): service-class specific bytes. */
    public record Extended(String sopClassUid, byte[] applicationInformation) {}

    /** SOP Class Common Extended Negotiation (D.3.3.6). */
    public record CommonExtended(String sopClassUid, String serviceClassUid, List<String> relatedGeneralSopClasses) {}
}
