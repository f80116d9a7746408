package org.senpacs.dicom.net.pdu;

import java.util.List;

/**
 * A presentation context of A-ASSOCIATE-RQ (abstract syntax and proposed transfer syntaxes) or of
 * A-ASSOCIATE-AC (result and the one accepted transfer syntax).
 *
 * @param id the odd context ID, 1 to 255
 * @param abstractSyntax the SOP class (RQ only; null in an AC as received)
 * @param transferSyntaxes proposed (RQ) or accepted (AC, one) transfer syntaxes
 * @param result for an AC: {@link #ACCEPTANCE} or a rejection reason; -1 in an RQ
 */
public record PresentationContext(int id, String abstractSyntax, List<String> transferSyntaxes, int result) {

    public static final int ACCEPTANCE = 0;
    public static final int USER_REJECTION = 1;
    public static final int NO_REASON = 2;
    public static final int ABSTRACT_SYNTAX_NOT_SUPPORTED = 3;
    public static final int TRANSFER_SYNTAXES_NOT_SUPPORTED = 4;

    public PresentationContext {
        transferSyntaxes = List.copyOf(transferSyntaxes);
    }

    public static PresentationContext proposed(int id, String abstractSyntax, String... transferSyntaxes) {
        return new PresentationContext(id, abstractSyntax, List.of(transferSyntaxes), -1);
    }

    public static PresentationContext accepted(int id, String abstractSyntax, String transferSyntax) {
        return new PresentationContext(id, abstractSyntax, List.of(transferSyntax), ACCEPTANCE);
    }

    public static PresentationContext rejected(int id, String abstractSyntax, int reason) {
        return new PresentationContext(id, abstractSyntax, List.of(), reason);
    }

    public boolean isAccepted() {
        return result == ACCEPTANCE;
    }

    /** The accepted transfer syntax (AC), or the first proposed one (RQ). */
    public String transferSyntax() {
        return transferSyntaxes.isEmpty() ? null : transferSyntaxes.get(0);
    }

    public static String resultText(int result) {
        return switch (result) {
            case ACCEPTANCE -> "acceptance";
            case USER_REJECTION -> "user-rejection";
            case NO_REASON -> "no-reason (provider rejection)";
            case ABSTRACT_SYNTAX_NOT_SUPPORTED -> "abstract-syntax-not-supported";
            case TRANSFER_SYNTAXES_NOT_SUPPORTED -> "transfer-syntaxes-not-supported";
            default -> "result " + result;
        };
    }
}
