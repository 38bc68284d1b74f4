-- Evaluation keys: content-addressed, the bytes in a large object (streamed both ways by pgjdbc's
-- LargeObject API; bytea would be materialized whole by getBinaryStream).
CREATE TABLE evaluation_keys (
  id            CHAR(64) PRIMARY KEY,
  parameter_set TEXT     NOT NULL,
  owner         TEXT     NOT NULL,
  size          BIGINT   NOT NULL,
  created_at    TEXT     NOT NULL,
  content       OID      NOT NULL
);

CREATE TABLE models (
  name         TEXT PRIMARY KEY,
  description  TEXT NOT NULL,
  created_by   TEXT NOT NULL,
  created_at   TEXT NOT NULL,
  next_version INT  NOT NULL
);

CREATE TABLE model_versions (
  model          TEXT     NOT NULL REFERENCES models (name),
  version        INT      NOT NULL,
  parameter_set  TEXT     NOT NULL,
  stage          TEXT     NOT NULL,
  client_sha256  CHAR(64) NOT NULL,
  client_size    BIGINT   NOT NULL,
  client_content OID      NOT NULL,
  server_sha256  CHAR(64) NOT NULL,
  server_size    BIGINT   NOT NULL,
  server_content OID      NOT NULL,
  created_by     TEXT     NOT NULL,
  created_at     TEXT     NOT NULL,
  PRIMARY KEY (model, version)
);

-- Confluent-style schemas: one registry-wide id per distinct text, versions per subject.
CREATE TABLE schemas (
  id     SERIAL   PRIMARY KEY,
  sha256 CHAR(64) NOT NULL UNIQUE,
  schema TEXT     NOT NULL
);

CREATE TABLE subject_versions (
  subject   TEXT NOT NULL,
  version   INT  NOT NULL,
  schema_id INT  NOT NULL REFERENCES schemas (id),
  PRIMARY KEY (subject, version),
  UNIQUE (subject, schema_id)
);
