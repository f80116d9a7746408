package org.senpacs.archive.index;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/** A patient, by Patient ID and Issuer of Patient ID. */
@Entity
@Table(name = "patient")
public class PatientEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long pk;
    @Column(name = "patient_id", nullable = false)
    public String patientId;
    @Column(nullable = false)
    public String issuer;
    @Column(name = "patient_name")
    public String patientName;
    @Column(name = "patient_name_folded")
    public String patientNameFolded;
    @Column(name = "birth_date")
    public String birthDate;
    public String sex;
    public byte[] attrs;
    @Column(nullable = false)
    public Instant created;
    @Column(nullable = false)
    public Instant updated;
    @Version
    public int version;
}
