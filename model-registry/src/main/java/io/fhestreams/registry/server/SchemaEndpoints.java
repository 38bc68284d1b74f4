package io.fhestreams.registry.server;

import static io.fhestreams.registry.auth.Role.ADMIN;
import static io.fhestreams.registry.auth.Role.KEY_OWNER;
import static io.fhestreams.registry.auth.Role.PUBLISHER;
import static io.fhestreams.registry.auth.Role.READER;

import io.fhestreams.registry.api.SchemaInfo;
import io.fhestreams.registry.api.Subject;
import io.fhestreams.registry.auth.Principal;
import io.fhestreams.registry.auth.Role;
import io.fhestreams.registry.schema.AvroSchemas;
import io.fhestreams.registry.schema.CompatibilityLevel;
import io.fhestreams.registry.store.RegistryStore;
import io.fhestreams.schemas.RecordSchemas;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.Schema;

/**
 * The subset of Confluent's Schema Registry REST API that an Avro serde uses (request and answer
 * shapes, content type {@code application/vnd.schemaregistry.v1+json} and error codes 40401, 40403,
 * 409, 42201 as in Confluent's API reference).
 */
final class SchemaEndpoints {
  private static final Set<Role> REGISTRANTS = Set.of(PUBLISHER, ADMIN);
  private static final Set<Role> ANYONE = Set.of(PUBLISHER, KEY_OWNER, READER, ADMIN);

  /** Body of a registration or compatibility check. */
  record SchemaRequest(String schema, String schemaType) {}

  private final RegistryStore store;
  private final CompatibilityLevel level;

  SchemaEndpoints(RegistryStore store, CompatibilityLevel level) {
    this.store = store;
    this.level = level;
  }

  void register(Routes routes) {
    Routes.ErrorStyle style = Routes.ErrorStyle.CONFLUENT;
    routes.add(
        HandlerType.POST, "/subjects/{subject}/versions", ANYONE, style, this::registerSchema);
    routes.add(HandlerType.POST, "/subjects/{subject}", ANYONE, style, this::lookup);
    routes.add(HandlerType.GET, "/schemas/ids/{id}", ANYONE, style, this::byId);
    routes.add(
        HandlerType.GET,
        "/subjects",
        ANYONE,
        style,
        (ctx, who) -> Routes.json(ctx, 200, store.subjects(), Routes.CONFLUENT_JSON));
    routes.add(HandlerType.GET, "/subjects/{subject}/versions/latest", ANYONE, style, this::latest);
    routes.add(
        HandlerType.POST,
        "/compatibility/subjects/{subject}/versions/latest",
        ANYONE,
        style,
        this::compatibility);
  }

  private static Schema parse(Context ctx) {
    SchemaRequest request = Routes.body(ctx, SchemaRequest.class);
    if (request.schemaType() != null && !request.schemaType().equals("AVRO")) {
      throw new Routes.ConfluentError(
          422, 42201, "only AVRO schemas are supported, found schemaType " + request.schemaType());
    }
    return AvroSchemas.parse(request.schema());
  }

  private SchemaInfo latestOrFail(Subject subject) {
    return store
        .latestSchema(subject)
        .orElseThrow(
            () -> new Routes.ConfluentError(404, 40401, "Subject '" + subject + "' not found."));
  }

  /**
   * Registers the project's own record schemas ({@link RecordSchemas}), so that senders and the app
   * only look ids up: at startup, and after an upgrade that changed one (a compatible new version).
   */
  void registerRecordSchemas() {
    RecordSchemas.bySubject().forEach((subject, schema) -> register(Subject.of(subject), schema));
  }

  /**
   * Registers a schema; a schema the subject already holds answers its id to any role, as a lookup
   * would (so a serializer that auto-registers needs no right to register the project's own record
   * schemas); a new version needs the publisher or admin role.
   */
  private void registerSchema(Context ctx, Principal who) throws Exception {
    Subject subject = Subject.of(ctx.pathParam("subject"));
    Schema schema = parse(ctx);
    Optional<SchemaInfo> known = store.findSchema(subject, AvroSchemas.canonical(schema));
    if (known.isEmpty() && !who.hasAny(REGISTRANTS)) {
      throw new Routes.ConfluentError(
          403,
          40301,
          "'"
              + who.name()
              + "' may look up but not register a new schema under subject '"
              + subject
              + "': that needs one of "
              + REGISTRANTS.stream().map(Role::wireName).sorted().toList());
    }
    SchemaInfo info = known.isPresent() ? known.get() : register(subject, schema);
    Routes.json(ctx, 200, Map.of("id", info.id()), Routes.CONFLUENT_JSON);
  }

  private SchemaInfo register(Subject subject, Schema schema) {
    Optional<SchemaInfo> latest = store.latestSchema(subject);
    if (latest.isPresent() && !latest.get().schema().equals(AvroSchemas.canonical(schema))) {
      Optional<String> problem = level.check(schema, AvroSchemas.parse(latest.get().schema()));
      if (problem.isPresent()) {
        throw new Routes.ConfluentError(
            409,
            409,
            "Schema being registered is incompatible with an earlier schema for subject '"
                + subject
                + "' ("
                + level
                + "): "
                + problem.get());
      }
    }
    return store.registerSchema(subject, AvroSchemas.canonical(schema));
  }

  /** Confluent's "is this schema registered under the subject?": the lookup of a serializer. */
  private void lookup(Context ctx, Principal who) throws Exception {
    Subject subject = Subject.of(ctx.pathParam("subject"));
    Schema schema = parse(ctx);
    latestOrFail(subject);
    SchemaInfo info =
        store
            .findSchema(subject, AvroSchemas.canonical(schema))
            .orElseThrow(() -> new Routes.ConfluentError(404, 40403, "Schema not found"));
    version(ctx, info);
  }

  private void byId(Context ctx, Principal who) throws Exception {
    int id;
    try {
      id = Integer.parseInt(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw new Routes.ConfluentError(404, 40403, "Schema " + ctx.pathParam("id") + " not found");
    }
    String schema =
        store
            .schemaById(id)
            .orElseThrow(
                () -> new Routes.ConfluentError(404, 40403, "Schema " + id + " not found"));
    Routes.json(ctx, 200, Map.of("schema", schema), Routes.CONFLUENT_JSON);
  }

  private void latest(Context ctx, Principal who) throws Exception {
    version(ctx, latestOrFail(Subject.of(ctx.pathParam("subject"))));
  }

  private static void version(Context ctx, SchemaInfo info) throws IOException {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("subject", info.subject().value());
    body.put("version", info.version());
    body.put("id", info.id());
    body.put("schema", info.schema());
    Routes.json(ctx, 200, body, Routes.CONFLUENT_JSON);
  }

  private void compatibility(Context ctx, Principal who) throws Exception {
    SchemaInfo latest = latestOrFail(Subject.of(ctx.pathParam("subject")));
    Optional<String> problem = level.check(parse(ctx), AvroSchemas.parse(latest.schema()));
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("is_compatible", problem.isEmpty());
    if (problem.isPresent() && "true".equals(ctx.queryParam("verbose"))) {
      body.put("messages", java.util.List.of(problem.get()));
    }
    Routes.json(ctx, 200, body, Routes.CONFLUENT_JSON);
  }
}
