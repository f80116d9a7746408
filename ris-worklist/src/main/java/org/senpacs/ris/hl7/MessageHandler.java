package org.senpacs.ris.hl7;

import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.model.Message;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** Applies one kind of HL7 message to the database, inside the receiver's transaction. */
interface MessageHandler {

    /**
     * Applies the message. Returns the patient changes to announce once the transaction commits.
     *
     * @throws Hl7Failure when the message cannot be applied (the transaction is rolled back)
     */
    List<PatientChange> apply(Connection c, Message message, MessageSegments segments) throws HL7Exception, SQLException;
}
