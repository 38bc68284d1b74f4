package io.fhestreams.registry.validation;

/** What an upload must hold. */
public enum UploadKind {
  /** Evaluation keys (plain or seeded): what a server needs, never a secret key. */
  EVALUATION_KEYS,
  /** The client half of a compiled model. */
  CLIENT_ARTIFACT,
  /** The server half of a compiled model. */
  SERVER_ARTIFACT
}
