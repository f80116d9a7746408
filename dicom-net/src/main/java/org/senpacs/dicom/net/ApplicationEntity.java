package org.senpacs.dicom.net;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.senpacs.dicom.TransferSyntax;
import org.senpacs.dicom.UID;
import org.senpacs.dicom.UidDictionary;
import org.senpacs.dicom.net.pdu.Negotiation;
import org.senpacs.dicom.net.pdu.Pdu;
import org.senpacs.dicom.net.pdu.PresentationContext;
import org.senpacs.dicom.net.pdu.UserIdentity;

/**
 * An acceptor's answer to an A-ASSOCIATE-RQ: our AE title, who may call, which presentation
 * contexts we take (those our {@link DicomServiceRegistry} serves, in the transfer syntaxes we
 * read), roles, and the user identity decision.
 */
public final class ApplicationEntity {

    /** Decides on a requestor's User Identity (PS3.7 D.3.3.7). */
    public interface UserIdentityPolicy {
        /**
         * @param identity the identity offered, or null when none was
         * @return the server response for the AC (null for none)
         * @throws SecurityException to reject the association
         */
        byte[] accept(UserIdentity identity, InetSocketAddress remote);
    }

    /** The uncompressed transfer syntaxes: what queries, commands and N-services are read in. */
    public static final List<String> UNCOMPRESSED = List.of(UID.ExplicitVRLittleEndian, UID.ImplicitVRLittleEndian,
            UID.DeflatedExplicitVRLittleEndian, UID.ExplicitVRBigEndian);

    private final String aeTitle;
    private final Set<String> acceptedCallingAETitles;
    private final DicomServiceRegistry services;
    private final UserIdentityPolicy identityPolicy;

    /**
     * @param acceptedCallingAETitles empty: any caller
     * @param identityPolicy null: identities are not checked and get no response
     */
    public ApplicationEntity(String aeTitle, Set<String> acceptedCallingAETitles, DicomServiceRegistry services,
                             UserIdentityPolicy identityPolicy) {
        this.aeTitle = aeTitle;
        this.acceptedCallingAETitles = Set.copyOf(acceptedCallingAETitles);
        this.services = services;
        this.identityPolicy = identityPolicy;
    }

    public String aeTitle() {
        return aeTitle;
    }

    public DicomServiceRegistry services() {
        return services;
    }

    /** The AC for a request, or an RJ saying why not. */
    public Pdu decide(Pdu.AAssociate rq, InetSocketAddress remote, long maxPduLengthReceive) {
        if ((rq.protocolVersion() & 1) == 0) { // bit 0: version 1, the only one (PS3.8 §9.3.2)
            return new Pdu.AAssociateRJ(Pdu.AAssociateRJ.REJECTED_PERMANENT, Pdu.AAssociateRJ.SOURCE_PROVIDER_ACSE,
                    Pdu.AAssociateRJ.PROTOCOL_VERSION_NOT_SUPPORTED);
        }
        if (!Pdu.DICOM_APPLICATION_CONTEXT.equals(rq.applicationContext())) {
            return reject(Pdu.AAssociateRJ.APPLICATION_CONTEXT_NOT_SUPPORTED);
        }
        if (!aeTitle.equals(rq.calledAE())) return reject(Pdu.AAssociateRJ.CALLED_AE_NOT_RECOGNIZED);
        if (!isValidAeTitle(rq.callingAE())
                || !acceptedCallingAETitles.isEmpty() && !acceptedCallingAETitles.contains(rq.callingAE())) {
            return reject(Pdu.AAssociateRJ.CALLING_AE_NOT_RECOGNIZED);
        }
        byte[] identityResponse = null;
        Pdu.UserInformation ui = rq.userInformation();
        if (identityPolicy != null) {
            try {
                identityResponse = identityPolicy.accept(ui.userIdentity(), remote);
            } catch (SecurityException e) {
                return reject(Pdu.AAssociateRJ.NO_REASON);
            }
            if (ui.userIdentity() == null || !ui.userIdentity().positiveResponseRequested()) identityResponse = null;
        }
        List<PresentationContext> answers = new ArrayList<>();
        for (PresentationContext pc : rq.presentationContexts()) answers.add(answer(pc));
        List<Negotiation.RoleSelection> roles = new ArrayList<>();
        for (Negotiation.RoleSelection r : ui.roleSelections()) {
            // We take the roles proposed: as C-GET SCP we are SCU of the storage sub-operations.
            roles.add(new Negotiation.RoleSelection(r.sopClassUid(), r.scu(), r.scp()));
        }
        Pdu.UserInformation ours = new Pdu.UserInformation(maxPduLengthReceive, org.senpacs.dicom.Implementation.CLASS_UID,
                org.senpacs.dicom.Implementation.VERSION_NAME, ui.hasAsyncOpsWindow() ? 1 : -1, ui.hasAsyncOpsWindow() ? 1 : -1,
                roles, List.of(), List.of(), null, identityResponse);
        return new Pdu.AAssociate(false, 1, rq.calledAE(), rq.callingAE(), Pdu.DICOM_APPLICATION_CONTEXT, answers, ours);
    }

    /**
     * An AE title of the default repertoire without control characters or backslash (PS3.5 AE):
     * anything else is refused, and so never reaches a log line or a handler.
     */
    static boolean isValidAeTitle(String ae) {
        for (int i = 0; i < ae.length(); i++) {
            char c = ae.charAt(i);
            if (c < 0x20 || c > 0x7E || c == '\\') return false;
        }
        return true;
    }

    private static Pdu.AAssociateRJ reject(int reason) {
        return new Pdu.AAssociateRJ(Pdu.AAssociateRJ.REJECTED_PERMANENT, Pdu.AAssociateRJ.SOURCE_USER, reason);
    }

    private PresentationContext answer(PresentationContext pc) {
        String as = pc.abstractSyntax();
        if (!services.serves(as)) {
            boolean unknownStorage = services.servesAnyStorage() && UidDictionary.standard().entry(as) == null;
            if (!unknownStorage) return PresentationContext.rejected(pc.id(), as, PresentationContext.ABSTRACT_SYNTAX_NOT_SUPPORTED);
        }
        UidDictionary dict = UidDictionary.standard();
        boolean storage = dict.isStorageSopClass(as) || (dict.entry(as) == null && services.servesAnyStorage());
        for (String ts : pc.transferSyntaxes()) {
            if (storage ? TransferSyntax.isKnown(ts) : UNCOMPRESSED.contains(ts)) return PresentationContext.accepted(pc.id(), as, ts);
        }
        return PresentationContext.rejected(pc.id(), as, PresentationContext.TRANSFER_SYNTAXES_NOT_SUPPORTED);
    }
}
