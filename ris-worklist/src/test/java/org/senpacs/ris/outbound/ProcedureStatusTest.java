package org.senpacs.ris.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.model.v251.message.OMG_O19;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.senpacs.ris.RisDatabase;

/** Order status changes reach the HIS as OMG^O19 (ORC-1 SC, ORC-5 status), queued with the change. */
class ProcedureStatusTest {

    @TempDir
    Path dir;

    @Test
    void statusChangesReachTheHis() throws Exception {
        try (RisDatabase db = new RisDatabase(dir, RisDatabase.Kind.H2); TestHis his = new TestHis().start()) {
            long order = db.order("BN-ST", "PHAN^VĂN TRỊ", "ACC-ST");
            OutboundOptions options = OutboundOptions.DEFAULT.withDestinations(List.of(his.destination("his")))
                    .withTimeouts(Duration.ofSeconds(10), Duration.ofMillis(200));
            Outbox outbox = new Outbox(db.dataSource());
            ProcedureStatusUpdates updates = new ProcedureStatusUpdates(db.dataSource(), db.archive().patients(), outbox, options);
            try (OutboxSender sender = new OutboxSender(db.dataSource(), outbox, options).start()) {
                try (Connection c = db.dataSource().getConnection()) {
                    try (PreparedStatement ps = c.prepareStatement("update ris_order set status = 'IN_PROGRESS' where pk = ?")) {
                        ps.setLong(1, order);
                        ps.executeUpdate();
                    }
                    assertEquals(1, updates.enqueue(c, order), "queued in the transaction of the change");
                    c.commit();
                }
                outbox.enqueued();
                setStatus(db, order, "COMPLETED");
                assertEquals(1, updates.enqueue(order));

                List<String> got = his.await(2);
                DefaultHapiContext hapi = new DefaultHapiContext();
                OMG_O19 first = (OMG_O19) hapi.getPipeParser().parse(got.get(0));
                OMG_O19 second = (OMG_O19) hapi.getPipeParser().parse(got.get(1));
                assertEquals("OMG", first.getMSH().getMessageType().getMessageCode().getValue());
                assertEquals("SC", first.getORDER().getORC().getOrderControl().getValue());
                assertEquals("IP", first.getORDER().getORC().getOrderStatus().getValue());
                assertEquals("CM", second.getORDER().getORC().getOrderStatus().getValue());
                assertEquals("PL-ACC-ST", first.getORDER().getORC().getPlacerOrderNumber().getEntityIdentifier().getValue());
                assertEquals("ACC-ST", first.getORDER().getOBR().getPlacerField1().getValue());
                assertEquals("18.0119.0028", first.getORDER().getOBR().getUniversalServiceIdentifier().getIdentifier().getValue());
                assertEquals("PHAN", first.getPATIENT().getPID().getPatientName(0).getFamilyName().getSurname().getValue());
                assertEquals("VĂN TRỊ", first.getPATIENT().getPID().getPatientName(0).getGivenName().getValue());
            }
            assertThrows(IllegalArgumentException.class, () -> updates.enqueue(987654L));
        }
    }

    private static void setStatus(RisDatabase db, long order, String status) throws Exception {
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("update ris_order set status = ? where pk = ?")) {
            ps.setString(1, status);
            ps.setLong(2, order);
            ps.executeUpdate();
            c.commit();
        }
    }
}
