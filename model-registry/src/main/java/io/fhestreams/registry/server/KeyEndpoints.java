package io.fhestreams.registry.server;

import static io.fhestreams.registry.auth.Role.ADMIN;
import static io.fhestreams.registry.auth.Role.KEY_OWNER;
import static io.fhestreams.registry.auth.Role.READER;

import io.fhestreams.registry.api.EvaluationKeyInfo;
import io.fhestreams.registry.api.KeyId;
import io.fhestreams.registry.api.ParameterSetId;
import io.fhestreams.registry.api.RegistryException;
import io.fhestreams.registry.auth.Principal;
import io.fhestreams.registry.auth.Role;
import io.fhestreams.registry.store.RegistryStore;
import io.fhestreams.registry.validation.UploadKind;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.InputStream;
import java.util.Set;

/**
 * Evaluation keys: {@code POST /keys?parameterSet=ID} (raw body, streamed), {@code HEAD} and {@code
 * GET /keys/{id}} (streamed), {@code DELETE /keys/{id}} by its owner or an admin.
 */
final class KeyEndpoints {
  private final RegistryStore store;
  private final Uploads uploads;
  private final Counter downloaded;

  KeyEndpoints(RegistryStore store, Uploads uploads, MeterRegistry meters) {
    this.store = store;
    this.uploads = uploads;
    this.downloaded =
        Counter.builder("registry.download.bytes").tag("kind", "evaluation_keys").register(meters);
  }

  void register(Routes routes) {
    routes.add(
        new ApiRoute("POST", "/keys", Set.of(KEY_OWNER, ADMIN), false),
        Routes.ErrorStyle.REGISTRY,
        this::upload);
    routes.add(
        new ApiRoute("HEAD", "/keys/{id}", Set.of(KEY_OWNER, READER, ADMIN), true),
        Routes.ErrorStyle.REGISTRY,
        this::head);
    routes.add(
        new ApiRoute("GET", "/keys/{id}", Set.of(KEY_OWNER, READER, ADMIN), true),
        Routes.ErrorStyle.REGISTRY,
        this::download);
    routes.add(
        new ApiRoute("DELETE", "/keys/{id}", Set.of(KEY_OWNER, ADMIN), true),
        Routes.ErrorStyle.REGISTRY,
        this::delete);
  }

  private void upload(Context ctx, Principal who) throws Exception {
    String claimedText = ctx.queryParam("parameterSet");
    if (claimedText == null) {
      throw RegistryException.invalid(
          "query parameter 'parameterSet' is required (the parameter-set id of the keys)");
    }
    ParameterSetId claimed = ParameterSetId.of(claimedText);
    uploads.refuseDeclaredOversize(ctx, uploads.maxBytes());
    try (Uploads.Staged staged =
        uploads.stage(ctx.req().getInputStream(), UploadKind.EVALUATION_KEYS)) {
      if (!staged.parameterSet().equals(claimed)) {
        throw new RegistryException(
            RegistryException.Kind.UNPROCESSABLE,
            "parameter-set mismatch: the upload claims '"
                + claimed
                + "' but the blob header names '"
                + staged.parameterSet()
                + "'");
      }
      EvaluationKeyInfo info;
      try (InputStream in = staged.open()) {
        info = store.putEvaluationKeys(claimed, who.name(), in);
      }
      Routes.json(ctx, 201, info, "application/json");
    }
  }

  /** The keys' metadata, once the caller is known to be allowed to see them (404, then 403). */
  private EvaluationKeyInfo visible(Context ctx, Principal who, Set<Role> unrestricted) {
    KeyId id = KeyId.of(ctx.pathParam("id"));
    EvaluationKeyInfo info =
        store
            .evaluationKeyInfo(id)
            .orElseThrow(() -> RegistryException.notFound("no evaluation keys with id " + id));
    if (!who.hasAny(unrestricted) && !info.owner().equals(who.name())) {
      throw new RegistryException(
          RegistryException.Kind.FORBIDDEN,
          "evaluation keys " + id + " belong to another owner; a key-owner may only use its own");
    }
    return info;
  }

  private static void describe(Context ctx, EvaluationKeyInfo info) {
    ctx.header("Content-Length", Long.toString(info.size()));
    ctx.header("ETag", "\"" + info.id().hex() + "\"");
    ctx.header("X-Parameter-Set", info.parameterSet().value());
    ctx.header("X-Owner", info.owner());
    ctx.header("X-Created-At", info.createdAt());
    ctx.contentType("application/octet-stream");
  }

  private void head(Context ctx, Principal who) {
    describe(ctx, visible(ctx, who, Set.of(READER, ADMIN)));
    ctx.status(200);
  }

  private void download(Context ctx, Principal who) {
    EvaluationKeyInfo info = visible(ctx, who, Set.of(READER, ADMIN));
    InputStream in = store.openEvaluationKeys(info.id());
    describe(ctx, info);
    // Javalin copies the stream to the response after this returns, and closes it.
    ctx.status(200).result(new CountingDownload(in, downloaded));
  }

  private void delete(Context ctx, Principal who) {
    EvaluationKeyInfo info = visible(ctx, who, Set.of(ADMIN));
    if (!store.deleteEvaluationKeys(info.id())) {
      throw RegistryException.notFound("no evaluation keys with id " + info.id());
    }
    ctx.status(204);
  }
}
