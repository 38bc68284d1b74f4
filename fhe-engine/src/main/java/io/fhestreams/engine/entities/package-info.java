/**
 * Data only: LWE/GLWE/GGSW ciphertexts and lists, binary secret keys, the LWE key-switching key,
 * the bootstrap key (standard and Fourier domain) and lookup tables. Each wraps a flat {@code
 * long[]} or {@code double[]} with its shape, checks the length on construction and does no
 * cryptography. {@code data()} returns the live array: entities are shared without copies on hot
 * paths.
 */
package io.fhestreams.engine.entities;
