#!/usr/bin/python3
"""Independent peer for the Confluent wire format: Debian's python3-confluent-kafka (its
confluent_kafka.avro module, with python3-avro and python3-requests) talking to a schema registry.

  confluent_peer.py decode REGISTRY_URL TOPIC IN_FILE
      reads framed bytes written by our Java serializer, decodes them with confluent_kafka.avro
      (which fetches the writer schema by id from the registry) and prints the record as JSON
      (bytes as hex, timestamp-millis as epoch milliseconds).
  confluent_peer.py encode REGISTRY_URL TOPIC AVSC_FILE JSON_FILE OUT_FILE
      reads a record as JSON (same conventions), encodes it with confluent_kafka.avro under
      subject TOPIC-value (registering the schema parsed from AVSC_FILE) and writes the framed bytes.

Run by io.fhestreams.schemas.serde.ConfluentPythonInteropIT; exits non-zero on any error.
"""
import datetime
import json
import sys

import avro.schema
from confluent_kafka.avro import CachedSchemaRegistryClient
from confluent_kafka.avro.serializer.message_serializer import MessageSerializer

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def field_kind(field_type):
    """'bytes', 'timestamp' or None for a field schema (unions: the first non-null branch)."""
    if isinstance(field_type, avro.schema.UnionSchema):
        branches = [s for s in field_type.schemas if s.type != 'null']
        return field_kind(branches[0]) if branches else None
    if field_type.type == 'bytes':
        return 'bytes'
    if field_type.type == 'long' and field_type.get_prop('logicalType') == 'timestamp-millis':
        return 'timestamp'
    return None


def to_json(record, schema):
    out = {}
    for field in schema.fields:
        value = record[field.name]
        kind = field_kind(field.type)
        if value is None:
            out[field.name] = None
        elif kind == 'bytes':
            out[field.name] = bytes(value).hex()
        elif kind == 'timestamp':
            # python-avro returns an aware datetime for timestamp-millis
            out[field.name] = (value - EPOCH) // datetime.timedelta(milliseconds=1) \
                if isinstance(value, datetime.datetime) else value
        else:
            out[field.name] = value
    return out


def from_json(obj, schema):
    record = {}
    for field in schema.fields:
        value = obj.get(field.name)
        kind = field_kind(field.type)
        if value is None:
            record[field.name] = None
        elif kind == 'bytes':
            record[field.name] = bytes.fromhex(value)
        elif kind == 'timestamp':
            record[field.name] = EPOCH + datetime.timedelta(milliseconds=value)
        else:
            record[field.name] = value
    return record


def main(argv):
    command, url, topic = argv[1], argv[2], argv[3]
    serializer = MessageSerializer(CachedSchemaRegistryClient({'url': url}))
    if command == 'decode':
        with open(argv[4], 'rb') as f:
            data = f.read()
        # the framing is checked by confluent_kafka itself; check it here too, explicitly
        if data[0] != 0:
            raise SystemExit('peer: magic byte is %d, expected 0' % data[0])
        schema_id = int.from_bytes(data[1:5], 'big')
        writer_schema = serializer.registry_client.get_by_id(schema_id)
        record = serializer.decode_message(data)
        print(json.dumps({'schema_id': schema_id, 'schema_name': writer_schema.fullname,
                          'record': to_json(record, writer_schema)}))
    elif command == 'encode':
        with open(argv[4]) as f:
            schema = avro.schema.parse(f.read())
        with open(argv[5]) as f:
            record = from_json(json.load(f), schema)
        data = serializer.encode_record_with_schema(topic, schema, record)
        with open(argv[6], 'wb') as f:
            f.write(data)
    else:
        raise SystemExit('peer: unknown command ' + command)


if __name__ == '__main__':
    main(sys.argv)
