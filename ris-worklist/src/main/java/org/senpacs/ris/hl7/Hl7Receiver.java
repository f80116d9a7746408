package org.senpacs.ris.hl7;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.GenericMessage;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.senpacs.archive.Archive;
import org.senpacs.archive.db.Database;
import org.senpacs.ris.order.OrderService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HL7 v2 inbound pipeline, whatever the transport: bytes in, acknowledgement bytes out.
 * Reads MSH, decodes the message in the MSH-18 character set (refusing invalid bytes), answers a
 * message already received (same MSH-3, MSH-4, MSH-10) with the acknowledgement stored for it,
 * parses it (any version from 2.3.1 to 2.5.1, into the 2.5.1 structures), applies it, and stores
 * it with its outcome and acknowledgement in the same transaction as what it changed. A message
 * that cannot be applied changes nothing and is answered AE or AR with an ERR naming the field.
 */
public final class Hl7Receiver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Hl7Receiver.class);
    private static final int ATTEMPTS = 5;

    private final Database database;
    private final Hl7Options options;
    private final PatientChangeListener listener;
    private final HapiContext hapi;
    private final Acks acks;
    private final Hl7MessageLog log = new Hl7MessageLog();
    private final AdtHandler adt;
    private final OrderMessageHandler orderMessages;

    public Hl7Receiver(Archive archive, OrderService orders, Hl7Options options, PatientChangeListener listener) {
        this.database = archive.database();
        this.options = options;
        this.listener = listener;
        this.hapi = new DefaultHapiContext(new CanonicalModelClassFactory("2.5.1"));
        hapi.setValidationContext(ValidationContextFactory.noValidation());
        hapi.getParserConfiguration().setValidating(false);
        AtomicLong ids = new AtomicLong(System.currentTimeMillis() * 1000);
        hapi.getParserConfiguration().setIdGenerator(() -> Long.toString(ids.incrementAndGet(), 36).toUpperCase());
        this.acks = new Acks(hapi, options);
        this.adt = new AdtHandler(archive.patients(), orders);
        this.orderMessages = new OrderMessageHandler(archive.patients(), orders);
    }

    /** An applied message: its acknowledgement and the patient changes to announce. */
    private record Applied(String ack, List<PatientChange> changes) {}

    /** Handles one message as received (the bytes of one MLLP frame); returns the acknowledgement's bytes. */
    public byte[] receive(byte[] bytes) {
        byte[] b = withoutBom(bytes);
        MshHeader h = MshHeader.read(new String(b, 0, firstSegmentEnd(b), StandardCharsets.ISO_8859_1));
        Charset cs = options.defaultCharset();
        String text;
        Hl7Failure refused = null;
        try {
            if (h == MshHeader.NONE) {
                throw Hl7Failure.rejected(ErrorCode.SEGMENT_SEQUENCE_ERROR, Hl7Failure.segment("MSH", 1),
                        "the message does not start with an MSH segment");
            }
            cs = Hl7Charsets.forMsh18(h.charset(), options.defaultCharset());
            text = normalise(Hl7Charsets.decode(b, cs, h.charset()));
            h = MshHeader.read(text);
        } catch (Hl7Failure f) {
            text = normalise(Hl7Charsets.lenient(b, cs));
            refused = f;
        }
        return process(h, text, refused).getBytes(cs);
    }

    /** Answers a message too large to accept: AR, the message stored cut to its beginning. */
    byte[] receiveTooLarge(byte[] head) {
        byte[] b = withoutBom(head);
        MshHeader h = MshHeader.read(new String(b, 0, firstSegmentEnd(b), StandardCharsets.ISO_8859_1));
        Charset cs = options.defaultCharset();
        try {
            cs = Hl7Charsets.forMsh18(h.charset(), cs);
        } catch (Hl7Failure unknownCharset) {
            // answer in the default character set
        }
        return process(h, normalise(Hl7Charsets.lenient(b, cs)), Hl7Failure.rejected(ErrorCode.APPLICATION_INTERNAL_ERROR,
                Hl7Failure.segment("MSH", 1), "the message is larger than " + options.maxMessageBytes() + " bytes")).getBytes(cs);
    }

    /**
     * Applies a stored message again (after fixing what made it fail, say), bypassing the duplicate
     * check, and records the new outcome and acknowledgement on its row.
     *
     * @return the row as it is now, or empty when there is no such message
     */
    public Optional<ReceivedMessage> replay(long pk) {
        try (Connection c = database.dataSource().getConnection()) {
            try {
                Optional<ReceivedMessage> stored = log.find(c, pk);
                c.commit();
                if (stored.isEmpty()) return Optional.empty();
                String text = stored.get().payload();
                MshHeader h = MshHeader.read(text);
                try {
                    Applied a = apply(c, h, text);
                    log.updateOutcome(c, pk, "AA", a.ack(), null);
                    c.commit();
                    announce(a.changes());
                } catch (HL7Exception e) {
                    c.rollback();
                    Hl7Failure f = asFailure(e);
                    log.updateOutcome(c, pk, f.ack().name(), build(h, f), f.getMessage());
                    c.commit();
                }
                LOG.info("SEN-R008 HL7 message {} replayed", pk);
                Optional<ReceivedMessage> now = log.find(c, pk);
                c.commit();
                return now;
            } catch (SQLException | IOException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("replaying HL7 message " + pk + " failed: " + e.getMessage(), e);
        }
    }

    /** The messages received, latest first. */
    public List<ReceivedMessage> messages(String outcome, int limit, int offset, boolean withPayload) {
        try (Connection c = database.dataSource().getConnection()) {
            try {
                return log.latest(c, outcome, limit, offset, withPayload);
            } finally {
                c.commit();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the HL7 messages failed: " + e.getMessage(), e);
        }
    }

    public Hl7Options options() {
        return options;
    }

    private String process(MshHeader h, String text, Hl7Failure refused) {
        Hl7Failure failure = refused;
        String controlId = h.controlId();
        if (controlId.isEmpty()) {
            controlId = "(none) " + UUID.randomUUID();
            if (failure == null) {
                failure = Hl7Failure.rejected(ErrorCode.REQUIRED_FIELD_MISSING, Hl7Failure.field("MSH", 10),
                        "MSH-10 message control ID is missing");
            }
        }
        Hl7MessageLog.Key key = new Hl7MessageLog.Key(h.sendingApplication(), h.sendingFacility(), controlId);
        for (int attempt = 1; ; attempt++) {
            try {
                String ack;
                try (Connection c = database.dataSource().getConnection()) {
                    try {
                        ack = once(c, h, text, key, failure);
                    } catch (SQLException | IOException | RuntimeException e) {
                        c.rollback();
                        throw e;
                    }
                }
                database.forceCommitted(); // what the acknowledgement confirms is on the disk
                return ack;
            } catch (SQLException e) {
                // a unique key taken meanwhile: the same message received twice at once, or two
                // messages creating the same patient; the next attempt sees the other's result
                if (isUniqueViolation(e) && attempt < ATTEMPTS) continue;
                LOG.warn("SEN-R005 HL7 message {} not applied, database failure: {}", h.controlId(), e.toString());
                return internalError(h);
            } catch (IOException | RuntimeException e) {
                LOG.error("SEN-R006 HL7 message {} not applied", h.controlId(), e);
                return internalError(h);
            }
        }
    }

    private String once(Connection c, MshHeader h, String text, Hl7MessageLog.Key key, Hl7Failure refused)
            throws SQLException, IOException {
        Optional<String> stored = log.storedAck(c, key);
        if (stored.isPresent()) {
            c.commit();
            LOG.info("SEN-R003 HL7 {} {} from {} received again: answered as before", h.messageType(), h.controlId(),
                    h.sendingApplication());
            return stored.get();
        }
        Applied applied;
        try {
            if (refused != null) throw refused;
            applied = apply(c, h, text);
        } catch (HL7Exception e) {
            c.rollback();
            Hl7Failure f = asFailure(e);
            String ack = build(h, f);
            log.insert(c, key, h.messageType(), h.version(), text, f.ack().name(), ack, f.getMessage());
            c.commit();
            LOG.info("SEN-R004 HL7 {} {} from {} answered {} {} at {}", h.messageType(), h.controlId(), h.sendingApplication(),
                    f.ack(), f.getError().getCode(), f.getLocation());
            LOG.debug("SEN-R004 {}", f.getMessage());
            return ack;
        }
        log.insert(c, key, h.messageType(), h.version(), text, "AA", applied.ack(), null);
        c.commit();
        LOG.info("SEN-R001 HL7 {} {} from {} applied", h.messageType(), h.controlId(), h.sendingApplication());
        announce(applied.changes());
        return applied.ack();
    }

    private Applied apply(Connection c, MshHeader h, String text) throws HL7Exception, SQLException, IOException {
        if (h == MshHeader.NONE) {
            throw Hl7Failure.rejected(ErrorCode.SEGMENT_SEQUENCE_ERROR, Hl7Failure.segment("MSH", 1),
                    "the message does not start with an MSH segment");
        }
        if (!Acks.VERSIONS.contains(h.version())) {
            throw Hl7Failure.rejected(ErrorCode.UNSUPPORTED_VERSION_ID, Hl7Failure.field("MSH", 12),
                    "MSH-12 version '" + h.version() + "' is not supported (2.3.1 to 2.5.1)");
        }
        if (!h.processingId().matches("[PDT]")) {
            throw Hl7Failure.rejected(ErrorCode.UNSUPPORTED_PROCESSING_ID, Hl7Failure.field("MSH", 11),
                    "MSH-11 processing ID '" + h.processingId() + "' is not P, D or T");
        }
        MessageHandler handler = handler(h);
        Message m;
        try {
            m = hapi.getPipeParser().parse(text);
        } catch (HL7Exception e) {
            ErrorCode code = e.getError() == ErrorCode.APPLICATION_INTERNAL_ERROR ? ErrorCode.SEGMENT_SEQUENCE_ERROR : e.getError();
            throw Hl7Failure.rejected(code, e.getLocation(), "the message cannot be parsed: " + e.getMessageWithoutLocation());
        }
        if (m instanceof GenericMessage) {
            throw Hl7Failure.rejected(ErrorCode.UNSUPPORTED_MESSAGE_TYPE, Hl7Failure.field("MSH", 9),
                    "MSH-9 message type '" + h.messageType() + "' is not supported");
        }
        List<PatientChange> changes = handler.apply(c, m, new MessageSegments(m));
        return new Applied(acks.build(h, null), changes);
    }

    private MessageHandler handler(MshHeader h) throws Hl7Failure {
        String code = h.messageCode();
        String event = h.triggerEvent();
        MessageHandler found = switch (code) {
            case "ADT" -> switch (event) {
                case "A01", "A04", "A05", "A08", "A31" -> adt.update;
                case "A40" -> adt.merge;
                case "A47" -> adt.changeId;
                default -> null;
            };
            case "ORM" -> event.equals("O01") ? orderMessages : null;
            case "OMI" -> event.equals("O23") ? orderMessages : null;
            default -> throw Hl7Failure.rejected(ErrorCode.UNSUPPORTED_MESSAGE_TYPE, Hl7Failure.field("MSH", 9),
                    "MSH-9 message type '" + code + "' is not supported (ADT, ORM, OMI)");
        };
        if (found == null) {
            throw Hl7Failure.rejected(ErrorCode.UNSUPPORTED_EVENT_CODE, Hl7Failure.field("MSH", 9).withComponent(2),
                    "MSH-9 trigger event " + code + "^" + event + " is not supported");
        }
        return found;
    }

    private void announce(List<PatientChange> changes) {
        for (PatientChange change : changes) {
            try {
                listener.patientChanged(change);
            } catch (RuntimeException e) {
                LOG.warn("SEN-R007 patient change listener failed on {}: {}", change.kind(), e.toString());
            }
        }
    }

    private String build(MshHeader h, Hl7Failure f) throws IOException {
        try {
            return acks.build(h, f);
        } catch (HL7Exception e) {
            throw new IOException("cannot build the acknowledgement: " + e.getMessage(), e);
        }
    }

    private String internalError(MshHeader h) {
        try {
            return acks.build(h, Hl7Failure.error(ErrorCode.APPLICATION_INTERNAL_ERROR, null,
                    "the message could not be applied now; send it again later"));
        } catch (HL7Exception | IOException e) {
            throw new IllegalStateException("cannot build an acknowledgement", e);
        }
    }

    /** A unique key violated (H2 23505/23001, PostgreSQL 23505). */
    private static boolean isUniqueViolation(SQLException e) {
        String state = e.getSQLState();
        return state != null && (state.equals("23505") || state.equals("23001"));
    }

    private static Hl7Failure asFailure(HL7Exception e) {
        if (e instanceof Hl7Failure f) return f;
        return Hl7Failure.error(e.getError(), e.getLocation(), e.getMessageWithoutLocation());
    }

    /** Segments separated by CR alone (some senders use LF or CR LF). */
    private static String normalise(String text) {
        String t = text.replace("\r\n", "\r").replace('\n', '\r');
        int end = t.length();
        while (end > 0 && t.charAt(end - 1) == '\r') end--;
        return t.substring(0, end);
    }

    private static byte[] withoutBom(byte[] b) {
        if (b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF) {
            return java.util.Arrays.copyOfRange(b, 3, b.length);
        }
        return b;
    }

    private static int firstSegmentEnd(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\r' || b[i] == '\n') return i;
        }
        return b.length;
    }

    @Override
    public void close() throws IOException {
        hapi.close();
    }
}
