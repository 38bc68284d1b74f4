package io.fhestreams.registry.api;

/**
 * One registered version of a subject's schema, as the Confluent REST API shows it.
 *
 * @param subject the subject
 * @param version the version within the subject, from 1
 * @param id the registry-wide schema id (the one in the Confluent wire header)
 * @param schema the schema text in Avro's canonical JSON form
 */
public record SchemaInfo(Subject subject, int version, int id, String schema) {}
