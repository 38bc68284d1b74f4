package io.fhestreams.registry.server;

import static io.fhestreams.registry.auth.Role.ADMIN;
import static io.fhestreams.registry.auth.Role.KEY_OWNER;
import static io.fhestreams.registry.auth.Role.PUBLISHER;
import static io.fhestreams.registry.auth.Role.READER;

import io.fhestreams.registry.api.ArtifactHalf;
import io.fhestreams.registry.api.ModelInfo;
import io.fhestreams.registry.api.ModelName;
import io.fhestreams.registry.api.ModelVersion;
import io.fhestreams.registry.api.ModelVersionInfo;
import io.fhestreams.registry.api.Names;
import io.fhestreams.registry.api.RegistryException;
import io.fhestreams.registry.api.Stage;
import io.fhestreams.registry.auth.Principal;
import io.fhestreams.registry.auth.Role;
import io.fhestreams.registry.store.RegistryStore;
import io.fhestreams.registry.validation.UploadKind;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.UploadedFile;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.InputStream;
import java.util.Set;

/**
 * Models: create, list, describe, transfer; publish a version as one {@code multipart/form-data}
 * request with the parts {@code client} and {@code server} (each one artifact blob); list and
 * describe versions; download either half; set a stage; delete a version. A model belongs to its
 * owner (its creator until an admin transfers it): publishing, staging and deleting its versions is
 * refused (403) to every other publisher.
 */
final class ModelEndpoints {
  private static final Set<Role> WRITERS = Set.of(PUBLISHER, ADMIN);
  private static final Set<Role> ANYONE = Set.of(PUBLISHER, KEY_OWNER, READER, ADMIN);

  /**
   * The server half is the streams app's business; senders (key owners) need only the client half.
   */
  private static final Set<Role> SERVER_HALF_READERS = Set.of(PUBLISHER, READER, ADMIN);

  /** Body of {@code POST /models}. */
  record CreateModel(String name, String description) {}

  /** Body of {@code PUT .../stage}. */
  record StageChange(String stage) {}

  /** Body of {@code PUT /models/{name}/owner}. */
  record OwnerChange(String owner) {}

  private final RegistryStore store;
  private final Uploads uploads;
  private final MeterRegistry meters;
  private final Set<String> possibleOwners;

  /**
   * Endpoints over {@code store}; a model may only be transferred to one of {@code possibleOwners}
   * (the configured principals that may publish).
   */
  ModelEndpoints(
      RegistryStore store, Uploads uploads, MeterRegistry meters, Set<String> possibleOwners) {
    this.store = store;
    this.uploads = uploads;
    this.meters = meters;
    this.possibleOwners = Set.copyOf(possibleOwners);
  }

  void register(Routes routes) {
    Routes.ErrorStyle style = Routes.ErrorStyle.REGISTRY;
    routes.add(HandlerType.POST, "/models", WRITERS, style, this::create);
    routes.add(
        HandlerType.GET,
        "/models",
        ANYONE,
        style,
        (ctx, who) -> Routes.json(ctx, 200, store.listModels(), "application/json"));
    routes.add(
        HandlerType.GET,
        "/models/{name}",
        ANYONE,
        style,
        (ctx, who) ->
            Routes.json(
                ctx,
                200,
                store
                    .model(name(ctx))
                    .orElseThrow(() -> RegistryException.notFound("no model '" + name(ctx) + "'")),
                "application/json"));
    routes.add(HandlerType.PUT, "/models/{name}/owner", Set.of(ADMIN), style, this::transfer);
    routes.add(HandlerType.POST, "/models/{name}/versions", WRITERS, style, this::publish);
    routes.add(
        HandlerType.GET,
        "/models/{name}/versions",
        ANYONE,
        style,
        (ctx, who) -> Routes.json(ctx, 200, store.listVersions(name(ctx)), "application/json"));
    routes.add(
        HandlerType.GET,
        "/models/{name}/versions/{version}",
        ANYONE,
        style,
        (ctx, who) -> Routes.json(ctx, 200, version(ctx), "application/json"));
    routes.add(
        HandlerType.GET,
        "/models/{name}/versions/{version}/client",
        ANYONE,
        style,
        (ctx, who) -> download(ctx, ArtifactHalf.CLIENT));
    routes.add(
        HandlerType.GET,
        "/models/{name}/versions/{version}/server",
        SERVER_HALF_READERS,
        style,
        (ctx, who) -> download(ctx, ArtifactHalf.SERVER));
    routes.add(
        HandlerType.PUT, "/models/{name}/versions/{version}/stage", WRITERS, style, this::stage);
    routes.add(
        HandlerType.DELETE, "/models/{name}/versions/{version}", WRITERS, style, this::delete);
  }

  private static ModelName name(Context ctx) {
    return ModelName.of(ctx.pathParam("name"));
  }

  private ModelVersionInfo version(Context ctx) {
    ModelName name = name(ctx);
    ModelVersion version = ModelVersion.parse(ctx.pathParam("version"));
    return store
        .version(name, version)
        .orElseThrow(
            () -> RegistryException.notFound("no version " + version + " of model '" + name + "'"));
  }

  private void create(Context ctx, Principal who) throws Exception {
    CreateModel body = Routes.body(ctx, CreateModel.class);
    if (body.name() == null) {
      throw RegistryException.invalid("field 'name' is required");
    }
    Routes.json(
        ctx,
        201,
        store.createModel(ModelName.of(body.name()), body.description(), who.name()),
        "application/json");
  }

  /**
   * Refuses (403) a caller that is neither the owner of model {@code name} nor an admin; 404 when
   * the model does not exist.
   */
  private void requireOwner(ModelName name, Principal who, String action) {
    ModelInfo model =
        store.model(name).orElseThrow(() -> RegistryException.notFound("no model '" + name + "'"));
    if (!who.isAdmin() && !model.owner().equals(who.name())) {
      throw new RegistryException(
          RegistryException.Kind.FORBIDDEN,
          "model '"
              + name
              + "' is owned by '"
              + model.owner()
              + "': '"
              + who.name()
              + "' may not "
              + action
              + " (an admin can transfer the model)");
    }
  }

  private void transfer(Context ctx, Principal who) throws Exception {
    ModelName name = name(ctx);
    OwnerChange body = Routes.body(ctx, OwnerChange.class);
    if (body.owner() == null || !possibleOwners.contains(body.owner())) {
      throw new RegistryException(
          RegistryException.Kind.UNPROCESSABLE,
          "field 'owner' must name a configured principal with the publisher or admin role, found "
              + (body.owner() == null ? "none" : "'" + Names.printable(body.owner()) + "'"));
    }
    Routes.json(ctx, 200, store.transferOwnership(name, body.owner()), "application/json");
  }

  private void publish(Context ctx, Principal who) throws Exception {
    ModelName name = name(ctx);
    requireOwner(name, who, "publish its versions");
    String type = ctx.contentType();
    if (type == null || !type.toLowerCase().startsWith("multipart/form-data")) {
      throw RegistryException.invalid(
          "publish a version as multipart/form-data with parts 'client' and 'server', found content type "
              + type);
    }
    // Both parts may be at the limit; the multipart framing adds a little.
    uploads.refuseDeclaredOversize(ctx, 2 * uploads.maxBytes() + 64 * 1024);
    UploadedFile clientPart = part(ctx, "client");
    UploadedFile serverPart = part(ctx, "server");
    try (Uploads.Staged client = stage(clientPart, UploadKind.CLIENT_ARTIFACT);
        Uploads.Staged server = stage(serverPart, UploadKind.SERVER_ARTIFACT)) {
      if (!client.parameterSet().equals(server.parameterSet())) {
        throw new RegistryException(
            RegistryException.Kind.UNPROCESSABLE,
            "parameter-set mismatch: the client artifact names '"
                + client.parameterSet()
                + "' but the server artifact names '"
                + server.parameterSet()
                + "'");
      }
      ModelVersionInfo info;
      try (InputStream c = client.open();
          InputStream s = server.open()) {
        info = store.publishVersion(name, client.parameterSet(), who.name(), c, s);
      }
      Routes.json(ctx, 201, info, "application/json");
    }
  }

  private UploadedFile part(Context ctx, String partName) {
    UploadedFile part;
    try {
      part = ctx.uploadedFile(partName);
    } catch (Exception e) { // Kotlin code: Jetty's checked ServletException arrives undeclared
      throw multipartRefusal(e);
    }
    if (part == null) {
      throw RegistryException.invalid(
          "multipart part '" + partName + "' is missing (expected parts 'client' and 'server')");
    }
    return part;
  }

  /**
   * Jetty's multipart parser counts the bytes it streams to disk and fails with "max file size
   * exceeded" (or "max length exceeded") past the configured limits: that is a 413, anything else a
   * malformed body (400).
   */
  private RegistryException multipartRefusal(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (t instanceof IllegalStateException && message.contains("exceeded")) {
        return LimitedInputStream.tooLarge(uploads.maxBytes());
      }
    }
    return new RegistryException(
        RegistryException.Kind.INVALID, "malformed multipart body: " + e.getMessage(), e);
  }

  private Uploads.Staged stage(UploadedFile part, UploadKind kind) throws Exception {
    try (InputStream in = part.content()) {
      return uploads.stage(in, kind);
    }
  }

  private void download(Context ctx, ArtifactHalf half) {
    ModelVersionInfo info = version(ctx);
    InputStream in = store.openArtifact(info.model(), info.version(), half);
    ctx.header("Content-Length", Long.toString(info.artifact(half).size()));
    ctx.header("ETag", "\"" + info.artifact(half).sha256() + "\"");
    ctx.header("X-Parameter-Set", info.parameterSet().value());
    ctx.contentType("application/octet-stream");
    Counter counter =
        Counter.builder("registry.download.bytes")
            .tag("kind", half.wireName() + "_artifact")
            .register(meters);
    ctx.status(200).result(new CountingDownload(in, counter));
  }

  private void stage(Context ctx, Principal who) throws Exception {
    requireOwner(name(ctx), who, "set the stage of its versions");
    ModelVersionInfo info = version(ctx);
    StageChange body = Routes.body(ctx, StageChange.class);
    Routes.json(
        ctx,
        200,
        store.setStage(info.model(), info.version(), Stage.parse(body.stage())),
        "application/json");
  }

  private void delete(Context ctx, Principal who) {
    requireOwner(name(ctx), who, "delete its versions");
    ModelVersionInfo info = version(ctx);
    if (!store.deleteVersion(info.model(), info.version())) {
      throw RegistryException.notFound(
          "no version " + info.version() + " of model '" + info.model() + "'");
    }
    ctx.status(204);
  }
}
