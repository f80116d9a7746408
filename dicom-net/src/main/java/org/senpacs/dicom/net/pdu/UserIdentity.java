package org.senpacs.dicom.net.pdu;

import java.nio.charset.StandardCharsets;

/**
 * User Identity negotiation sub-item of A-ASSOCIATE-RQ (PS3.7 §D.3.3.7).
 *
 * @param type {@link #USERNAME}, {@link #USERNAME_PASSCODE}, {@link #KERBEROS}, {@link #SAML} or {@link #JWT}
 * @param positiveResponseRequested the requestor wants a server response in the AC
 * @param primaryField user name, ticket, assertion or token
 * @param secondaryField the passcode (type 2 only), else empty
 */
public record UserIdentity(int type, boolean positiveResponseRequested, byte[] primaryField, byte[] secondaryField) {

    public static final int USERNAME = 1;
    public static final int USERNAME_PASSCODE = 2;
    public static final int KERBEROS = 3;
    public static final int SAML = 4;
    public static final int JWT = 5;

    public static UserIdentity username(String user, boolean responseRequested) {
        return new UserIdentity(USERNAME, responseRequested, user.getBytes(StandardCharsets.UTF_8), new byte[0]);
    }

    public static UserIdentity usernamePasscode(String user, char[] passcode, boolean responseRequested) {
        return new UserIdentity(USERNAME_PASSCODE, responseRequested, user.getBytes(StandardCharsets.UTF_8),
                new String(passcode).getBytes(StandardCharsets.UTF_8));
    }

    public static UserIdentity jwt(String token, boolean responseRequested) {
        return new UserIdentity(JWT, responseRequested, token.getBytes(StandardCharsets.UTF_8), new byte[0]);
    }

    public String primaryText() {
        return new String(primaryField, StandardCharsets.UTF_8);
    }

    /** Never prints the passcode or token. */
    @Override
    public String toString() {
        return "UserIdentity[type=" + type + (type == USERNAME || type == USERNAME_PASSCODE ? ", user=" + primaryText() : "") + "]";
    }
}
