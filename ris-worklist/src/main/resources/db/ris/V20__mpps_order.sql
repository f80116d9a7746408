-- Which orders an MPPS performs. One MPPS may perform several requested procedures (the IHE
-- "group case": one item per procedure in its Scheduled Step Attribute Sequence) and an order may
-- see several MPPS (a step repeated or appended); ris_mpps.order_fk keeps the first order.
CREATE TABLE ris_mpps_order (
    mpps_fk   BIGINT NOT NULL REFERENCES ris_mpps (pk),
    order_fk  BIGINT NOT NULL REFERENCES ris_order (pk),
    PRIMARY KEY (mpps_fk, order_fk)
);
CREATE INDEX ris_mpps_order_order_idx ON ris_mpps_order (order_fk);
