/**
 * The part of Confluent's Schema Registry the Avro serde needs: schema parsing and Confluent's
 * compatibility levels on Avro's {@code SchemaCompatibility}.
 */
package io.fhestreams.registry.schema;
