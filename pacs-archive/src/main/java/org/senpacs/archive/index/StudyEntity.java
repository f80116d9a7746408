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

/** A study, with the study-level matching keys and counts. */
@Entity
@Table(name = "study")
public class StudyEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long pk;
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "patient_fk")
    public PatientEntity patient;
    @Column(name = "study_uid", nullable = false)
    public String studyUid;
    @Column(name = "study_date")
    public String studyDate;
    @Column(name = "study_time")
    public String studyTime;
    @Column(name = "accession_number")
    public String accessionNumber;
    @Column(name = "study_id")
    public String studyId;
    @Column(name = "referring_physician")
    public String referringPhysician;
    @Column(name = "referring_physician_folded")
    public String referringPhysicianFolded;
    public String description;
    /** Modalities in Study, backslash-separated, sorted. */
    public String modalities;
    @Column(name = "num_series", nullable = false)
    public int numSeries;
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
