package org.senpacs.dicom.net;

/** The upper layer states of PS3.8 §9.2 (Table 9-2). */
public enum AssociationState {
    /** Idle. */
    STA1,
    /** Transport connection open (awaiting A-ASSOCIATE-RQ PDU). */
    STA2,
    /** Awaiting local A-ASSOCIATE response primitive. */
    STA3,
    /** Awaiting transport connection opening to complete. */
    STA4,
    /** Awaiting A-ASSOCIATE-AC or A-ASSOCIATE-RJ PDU. */
    STA5,
    /** Association established and ready for data transfer. */
    STA6,
    /** Awaiting A-RELEASE-RP PDU. */
    STA7,
    /** Awaiting local A-RELEASE response primitive. */
    STA8,
    /** Release collision requestor side: awaiting A-RELEASE response primitive. */
    STA9,
    /** Release collision acceptor side: awaiting A-RELEASE-RP PDU. */
    STA10,
    /** Release collision requestor side: awaiting A-RELEASE-RP PDU. */
    STA11,
    /** Release collision acceptor side: awaiting A-RELEASE response primitive. */
    STA12,
    /** Awaiting transport connection close indication. */
    STA13
}
