package org.senpacs.dicom.net.pdu;

import java.util.List;

/** The protocol data units of the DICOM upper layer (PS3.8 §9.3). */
public sealed interface Pdu {

    int A_ASSOCIATE_RQ = 0x01;
    int A_ASSOCIATE_AC = 0x02;
    int A_ASSOCIATE_RJ = 0x03;
    int P_DATA_TF = 0x04;
    int A_RELEASE_RQ = 0x05;
    int A_RELEASE_RP = 0x06;
    int A_ABORT = 0x07;

    /** The DICOM Application Context Name, the only one defined. */
    String DICOM_APPLICATION_CONTEXT = "1.2.840.10008.3.1.1.1";

    /** User Information of A-ASSOCIATE-RQ/AC (PS3.8 §9.3.2.3, PS3.7 Annex D.3.3). */
    record UserInformation(long maxPduLength, String implementationClassUid, String implementationVersionName,
                           int asyncOpsInvoked, int asyncOpsPerformed, List<Negotiation.RoleSelection> roleSelections,
                           List<Negotiation.Extended> extendedNegotiations,
                           List<Negotiation.CommonExtended> commonExtendedNegotiations, UserIdentity userIdentity,
                           byte[] userIdentityResponse) {

        public UserInformation {
            roleSelections = List.copyOf(roleSelections);
            extendedNegotiations = List.copyOf(extendedNegotiations);
            commonExtendedNegotiations = List.copyOf(commonExtendedNegotiations);
        }

        /** True when the Asynchronous Operations Window sub-item is present (its counts are then meaningful). */
        public boolean hasAsyncOpsWindow() {
            return asyncOpsInvoked >= 0;
        }
    }

    /** A-ASSOCIATE-RQ ({@code request}) or A-ASSOCIATE-AC: the same fields, read either way. */
    record AAssociate(boolean request, int protocolVersion, String calledAE, String callingAE, String applicationContext,
                      List<PresentationContext> presentationContexts, UserInformation userInformation) implements Pdu {
        public AAssociate {
            presentationContexts = List.copyOf(presentationContexts);
        }
    }

    /** A-ASSOCIATE-RJ (PS3.8 §9.3.4). */
    record AAssociateRJ(int result, int source, int reason) implements Pdu {
        public static final int REJECTED_PERMANENT = 1;
        public static final int REJECTED_TRANSIENT = 2;
        public static final int SOURCE_USER = 1;
        public static final int SOURCE_PROVIDER_ACSE = 2;
        public static final int SOURCE_PROVIDER_PRESENTATION = 3;
        /** Source 1 reasons. */
        public static final int NO_REASON = 1;
        public static final int APPLICATION_CONTEXT_NOT_SUPPORTED = 2;
        public static final int CALLING_AE_NOT_RECOGNIZED = 3;
        public static final int CALLED_AE_NOT_RECOGNIZED = 7;
        /** Source 2 reasons. */
        public static final int PROTOCOL_VERSION_NOT_SUPPORTED = 2;
        /** Source 3 reasons. */
        public static final int TEMPORARY_CONGESTION = 1;
        public static final int LOCAL_LIMIT_EXCEEDED = 2;

        @Override
        public String toString() {
            String r = switch (source * 16 + reason) {
                case 0x11 -> "no-reason-given";
                case 0x12 -> "application-context-name-not-supported";
                case 0x13 -> "calling-AE-title-not-recognized";
                case 0x17 -> "called-AE-title-not-recognized";
                case 0x21 -> "no-reason-given (ACSE)";
                case 0x22 -> "protocol-version-not-supported";
                case 0x31 -> "temporary-congestion";
                case 0x32 -> "local-limit-exceeded";
                default -> "reason " + reason + " from source " + source;
            };
            return "A-ASSOCIATE-RJ[" + (result == REJECTED_PERMANENT ? "rejected-permanent" : "rejected-transient") + ", " + r + "]";
        }
    }

    /**
     * P-DATA-TF: {@code length} bytes of PDV items in {@code data}, read in place.
     */
    record PDataTF(byte[] data, int length) implements Pdu {}

    record AReleaseRQ() implements Pdu {}

    record AReleaseRP() implements Pdu {}

    /** A-ABORT (PS3.8 §9.3.8): source 0 service user, 2 service provider. */
    record AAbort(int source, int reason) implements Pdu {
        public static final int SOURCE_USER = 0;
        public static final int SOURCE_PROVIDER = 2;
        public static final int REASON_NOT_SPECIFIED = 0;
        public static final int UNRECOGNIZED_PDU = 1;
        public static final int UNEXPECTED_PDU = 2;
        public static final int UNRECOGNIZED_PDU_PARAMETER = 4;
        public static final int UNEXPECTED_PDU_PARAMETER = 5;
        public static final int INVALID_PDU_PARAMETER_VALUE = 6;

        @Override
        public String toString() {
            return "A-ABORT[source=" + (source == SOURCE_USER ? "service-user" : source == SOURCE_PROVIDER ? "service-provider" : source)
                    + ", reason=" + reason + "]";
        }
    }
}
