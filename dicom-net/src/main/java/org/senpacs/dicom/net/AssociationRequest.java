package org.senpacs.dicom.net;

import java.util.ArrayList;
import java.util.List;
import org.senpacs.dicom.Implementation;
import org.senpacs.dicom.net.pdu.Negotiation;
import org.senpacs.dicom.net.pdu.Pdu;
import org.senpacs.dicom.net.pdu.PresentationContext;
import org.senpacs.dicom.net.pdu.UserIdentity;

/** What a requestor proposes: AE titles, presentation contexts, roles, identity. Builds the A-ASSOCIATE-RQ. */
public final class AssociationRequest {

    private final String callingAE;
    private final String calledAE;
    private final List<PresentationContext> contexts = new ArrayList<>();
    private final List<Negotiation.RoleSelection> roles = new ArrayList<>();
    private final List<Negotiation.Extended> extended = new ArrayList<>();
    private final List<Negotiation.CommonExtended> commonExtended = new ArrayList<>();
    private UserIdentity userIdentity;
    private int asyncInvoked = -1;
    private int asyncPerformed = -1;

    public AssociationRequest(String callingAE, String calledAE) {
        if (callingAE == null || callingAE.isBlank() || callingAE.length() > 16) throw new IllegalArgumentException("bad calling AE title: " + callingAE);
        if (calledAE == null || calledAE.isBlank() || calledAE.length() > 16) throw new IllegalArgumentException("bad called AE title: " + calledAE);
        this.callingAE = callingAE;
        this.calledAE = calledAE;
    }

    /** Proposes a presentation context (IDs 1, 3, 5, ... in order). */
    public AssociationRequest addContext(String abstractSyntax, String... transferSyntaxes) {
        int id = 2 * contexts.size() + 1;
        if (id > 255) throw new IllegalStateException("at most 128 presentation contexts");
        contexts.add(PresentationContext.proposed(id, abstractSyntax, transferSyntaxes));
        return this;
    }

    public AssociationRequest addRole(String sopClassUid, boolean scu, boolean scp) {
        roles.add(new Negotiation.RoleSelection(sopClassUid, scu, scp));
        return this;
    }

    public AssociationRequest addExtendedNegotiation(String sopClassUid, byte[] info) {
        extended.add(new Negotiation.Extended(sopClassUid, info));
        return this;
    }

    public AssociationRequest addCommonExtendedNegotiation(String sopClassUid, String serviceClassUid, List<String> related) {
        commonExtended.add(new Negotiation.CommonExtended(sopClassUid, serviceClassUid, related));
        return this;
    }

    public AssociationRequest userIdentity(UserIdentity identity) {
        this.userIdentity = identity;
        return this;
    }

    public AssociationRequest asyncOperationsWindow(int invoked, int performed) {
        this.asyncInvoked = invoked;
        this.asyncPerformed = performed;
        return this;
    }

    public List<PresentationContext> contexts() {
        return List.copyOf(contexts);
    }

    public Pdu.AAssociate toPdu(long maxPduLengthReceive) {
        if (contexts.isEmpty()) throw new IllegalStateException("no presentation context proposed");
        Pdu.UserInformation ui = new Pdu.UserInformation(maxPduLengthReceive, Implementation.CLASS_UID, Implementation.VERSION_NAME,
                asyncInvoked, asyncPerformed, roles, extended, commonExtended, userIdentity, null);
        return new Pdu.AAssociate(true, 1, calledAE, callingAE, Pdu.DICOM_APPLICATION_CONTEXT, contexts, ui);
    }
}
