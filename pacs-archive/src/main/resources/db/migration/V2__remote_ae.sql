-- Remote application entities: destinations of C-MOVE and of storage commitment reports.
-- Shared by every node on the same database; managed with ./sen ae add|list|remove.
CREATE TABLE remote_ae (
    aet        VARCHAR(16)  NOT NULL PRIMARY KEY,
    host       VARCHAR(255) NOT NULL,
    port       INTEGER      NOT NULL,
    tls        BOOLEAN      NOT NULL,
    updated    TIMESTAMP    NOT NULL
);
