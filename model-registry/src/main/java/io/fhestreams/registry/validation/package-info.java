/**
 * Validation of uploads before they are stored: evaluation keys and model artifacts must be
 * well-formed blobs of the engine's container format, of the right kind, and never a keystore.
 */
package io.fhestreams.registry.validation;
