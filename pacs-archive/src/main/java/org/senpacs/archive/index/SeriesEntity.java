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

/** A series, with the series-level matching keys. */
@Entity
@Table(name = "series")
public class SeriesEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long pk;
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "study_fk")
    public StudyEntity study;
    @Column(name = "series_uid", nullable = false)
    public String seriesUid;
    public String modality;
    @Column(name = "series_number")
    public Integer seriesNumber;
    public String description;
    @Column(name = "body_part")
    public String bodyPart;
    @Column(name = "performed_date")
    public String performedDate;
    @Column(name = "num_instances", nullable = false)
    public int numInstances;
    public byte[] attrs;
    @Column(nullable = false)
    public Instant created;
    @Column(nullable = false)
    public Instant updated;
    @Version
    public int version;
}
