package org.senpacs.archive.index;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** A stored instance and where its bytes are. */
@Entity
@Table(name = "instance")
public class InstanceEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long pk;
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "series_fk")
    public SeriesEntity series;
    @Column(name = "sop_uid", nullable = false)
    public String sopUid;
    @Column(name = "sop_class_uid", nullable = false)
    public String sopClassUid;
    @Column(name = "instance_number")
    public Integer instanceNumber;
    @Column(name = "transfer_syntax", nullable = false)
    public String transferSyntax;
    @Column(name = "storage_key", nullable = false)
    public String storageKey;
    @Column(name = "object_size", nullable = false)
    public long objectSize;
    @Column(nullable = false)
    public String checksum;
    @Column(name = "source_aet")
    public String sourceAet;
    public byte[] attrs;
    @Column(nullable = false)
    public Instant received;
    @Version
    public int version;
}
