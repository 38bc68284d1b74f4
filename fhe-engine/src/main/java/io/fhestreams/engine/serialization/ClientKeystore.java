package io.fhestreams.engine.serialization;

import io.fhestreams.engine.compression.PackingKeyswitchParameters;
import io.fhestreams.engine.entities.GlweSecretKey;
import io.fhestreams.engine.entities.LweSecretKey;
import io.fhestreams.engine.keys.ClientKey;
import io.fhestreams.engine.keys.InsecureSecretKeyAccess;
import io.fhestreams.engine.params.GlweDimension;
import io.fhestreams.engine.params.ParameterSet;
import io.fhestreams.engine.params.ParameterSets;
import io.fhestreams.engine.params.PolynomialSize;
import io.fhestreams.engine.serialization.BlobFormatException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Set;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The owner's keystore file: the only place a {@link ClientKey} is ever written. There is no
 * byte-array or stream form on purpose; the file is created with permissions 600 (owner read/write
 * only) through a temporary file in the same directory, then moved into place.
 *
 * <p>Blob kind {@link BlobKind#CLIENT_KEYSTORE}, payload (little-endian):
 *
 * <pre>
 * u8 protection           0 = none, 1 = PBKDF2-HMAC-SHA256 + AES-256-GCM
 * if 1: u32 iterations, 16-byte salt, 12-byte GCM nonce, then the sealed secret (+16-byte tag)
 * secret:  u32 n, u32 k, u32 N, the n small-key bits then the k·N GLWE-key bits, packed 8 per byte (LSB first)
 *          optional compression-key section (keystores written before it exist without it):
 *          u32 k', u32 N', the k'·N' compression-key bits, packed likewise
 * </pre>
 *
 * The compression key ({@link ClientKey#compressionKey}) is the key packed outputs are encrypted
 * under for the sets that pack under a separate key; its shape must be the one that set packs under
 * ({@link ClientKey#requireCompressionKeyShape}), so its length is bounded by the parameter set. A
 * keystore without the section loads as a key without a compression key (its outputs then travel
 * unpacked).
 *
 * <p>Password protection: the AES-256 key is PBKDF2-HMAC-SHA256(password, salt, iterations) (RFC
 * 8018), default 600,000 iterations as OWASP's Password Storage Cheat Sheet recommends for
 * PBKDF2-HMAC-SHA256 (2023); AES-GCM with a random 96-bit nonce and 128-bit tag (NIST SP 800-38D),
 * the parameter-set id as associated data. A wrong password and a tampered file are both refused
 * (the tag does not verify). All from the JDK; no third-party crypto.
 */
public final class ClientKeystore {
  /** PBKDF2 iterations used by {@link #save}: OWASP's 2023 figure for PBKDF2-HMAC-SHA256. */
  public static final int DEFAULT_ITERATIONS = 600_000;

  /** Fewest and most iterations a keystore may declare (refuses a file that would take hours). */
  static final int MIN_ITERATIONS = 10_000;

  static final int MAX_ITERATIONS = 10_000_000;
  private static final int SALT_BYTES = 16;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final int NONE = 0;
  private static final int PBKDF2_AES_GCM = 1;
  private static final SecureRandom RANDOM = new SecureRandom();

  private ClientKeystore() {}

  /**
   * Writes {@code key} to {@code file} (replacing it) with permissions 600.
   *
   * @param password null for an unprotected keystore (the file permissions are then the only
   *     protection); otherwise the password is not retained, but the caller should clear the array
   */
  public static void save(Path file, ClientKey key, char[] password) throws IOException {
    save(file, key, password, DEFAULT_ITERATIONS);
  }

  static void save(Path file, ClientKey key, char[] password, int iterations) throws IOException {
    ParameterSet set = key.parameters();
    byte[] secret = encodeSecret(key);
    byte[] payload;
    try {
      payload =
          password == null
              ? concat(new byte[] {NONE}, secret)
              : seal(secret, password, iterations, set);
    } finally {
      Arrays.fill(secret, (byte) 0);
    }
    Path dir = file.toAbsolutePath().getParent();
    Path tmp = createOwnerOnlyFile(dir, file.getFileName().toString());
    try {
      try (OutputStream out = Files.newOutputStream(tmp)) {
        BlobWriter w = BlobWriter.open(out, BlobKind.CLIENT_KEYSTORE, set.id(), payload.length);
        w.writeBytes(payload, 0, payload.length);
        w.finish();
      } finally {
        Arrays.fill(payload, (byte) 0);
      }
      try {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * Reads the keystore at {@code file}; the parameter set is the one its header names.
   *
   * @param password the keystore's password, or null for an unprotected one
   * @throws BlobFormatException if the file is not a keystore, is corrupted, names an unknown set,
   *     or the password is missing or wrong (reason CONTENT)
   */
  public static ClientKey load(Path file, char[] password) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      BlobReader r =
          BlobReader.open(
              in, BlobCheck.anyParameterSet(BlobKind.CLIENT_KEYSTORE).withMaxPayloadBytes(1 << 20));
      ParameterSet set;
      try {
        set = ParameterSets.byId(r.header().parameterSetId());
      } catch (IllegalArgumentException e) {
        throw new BlobFormatException(Reason.PARAMETER_SET, "keystore names " + e.getMessage(), e);
      }
      byte[] payload = r.readRemainingPayload();
      r.finish();
      byte[] secret = null;
      try {
        secret = open(payload, password, set);
        return decodeSecret(secret, set);
      } finally {
        Arrays.fill(payload, (byte) 0);
        if (secret != null) {
          Arrays.fill(secret, (byte) 0);
        }
      }
    }
  }

  /** As {@link #load(Path, char[])}, also requiring the keystore to be of {@code expected}. */
  public static ClientKey load(Path file, char[] password, ParameterSet expected)
      throws IOException {
    ClientKey key = load(file, password);
    if (!key.parameters().equals(expected)) {
      throw new BlobFormatException(
          Reason.PARAMETER_SET,
          "expected parameter set '"
              + expected.id()
              + "', found '"
              + key.parameters().id()
              + "' in keystore "
              + file);
    }
    return key;
  }

  // ------------------------------------------------------------------ secret encoding

  private static byte[] encodeSecret(ClientKey key) {
    // The owner's keystore is the one place secret material is turned into bytes.
    long[] small = key.lweSecretKey(InsecureSecretKeyAccess.get()).data();
    long[] glwe = key.glweSecretKey(InsecureSecretKeyAccess.get()).data();
    GlweSecretKey compression = key.compressionKey(InsecureSecretKeyAccess.get()).orElse(null);
    ParameterSet p = key.parameters();
    int compressionLength = compression == null ? 0 : 8 + packedLength(compression.data().length);
    ByteBuffer b =
        ByteBuffer.allocate(
                12 + packedLength(small.length) + packedLength(glwe.length) + compressionLength)
            .order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(p.lweDimension().value())
        .putInt(p.glweDimension().value())
        .putInt(p.polynomialSize().value());
    pack(small, b);
    pack(glwe, b);
    if (compression != null) {
      b.putInt(compression.glweDimension().value()).putInt(compression.polynomialSize().value());
      pack(compression.data(), b);
    }
    return b.array();
  }

  private static ClientKey decodeSecret(byte[] secret, ParameterSet set) {
    int n = set.lweDimension().value();
    int bigN = set.bigLweDimension().value();
    long expected = 12L + packedLength(n) + packedLength(bigN);
    long withCompression =
        ClientKey.usesCompressionKey(set)
            ? expected
                + 8
                + packedLength(PackingKeyswitchParameters.of(set).packedMaskDimension().value())
            : expected;
    if (secret.length != expected && secret.length != withCompression) {
      throw new BlobFormatException(
          Reason.LENGTH,
          "keystore secret of parameter set "
              + set.id()
              + " has "
              + expected
              + " bytes"
              + (withCompression != expected
                  ? " (" + withCompression + " with its compression key)"
                  : "")
              + ", found "
              + secret.length);
    }
    ByteBuffer b = ByteBuffer.wrap(secret).order(ByteOrder.LITTLE_ENDIAN);
    int[] found = {b.getInt(), b.getInt(), b.getInt()};
    int[] shape = {n, set.glweDimension().value(), set.polynomialSize().value()};
    if (!Arrays.equals(found, shape)) {
      throw new BlobFormatException(
          Reason.CONTENT,
          "keystore key shape (n, k, N) "
              + Arrays.toString(found)
              + " does not match parameter set "
              + set.id()
              + ": expected "
              + Arrays.toString(shape));
    }
    long[] small = unpack(b, n);
    long[] glwe = unpack(b, bigN);
    GlweSecretKey compression = null;
    if (b.hasRemaining()) {
      int k = b.getInt();
      int size = b.getInt();
      try {
        ClientKey.requireCompressionKeyShape(set, k, size);
      } catch (IllegalArgumentException e) {
        throw new BlobFormatException(Reason.CONTENT, "keystore " + e.getMessage(), e);
      }
      compression =
          new GlweSecretKey(unpack(b, k * size), new GlweDimension(k), new PolynomialSize(size));
    }
    return new ClientKey(
        set,
        new LweSecretKey(small, set.lweDimension()),
        new GlweSecretKey(glwe, set.glweDimension(), set.polynomialSize()),
        compression,
        InsecureSecretKeyAccess.get());
  }

  private static int packedLength(int bits) {
    return (bits + 7) / 8;
  }

  private static void pack(long[] bits, ByteBuffer out) {
    for (int i = 0; i < bits.length; i += 8) {
      int v = 0;
      for (int j = 0; j < 8 && i + j < bits.length; j++) {
        v |= (int) (bits[i + j] & 1) << j;
      }
      out.put((byte) v);
    }
  }

  private static long[] unpack(ByteBuffer in, int count) {
    long[] bits = new long[count];
    for (int i = 0; i < count; i += 8) {
      int v = in.get() & 0xFF;
      for (int j = 0; j < 8 && i + j < count; j++) {
        bits[i + j] = (v >>> j) & 1;
      }
    }
    return bits;
  }

  // ------------------------------------------------------------------ password protection

  private static byte[] seal(byte[] secret, char[] password, int iterations, ParameterSet set) {
    byte[] salt = new byte[SALT_BYTES];
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(salt);
    RANDOM.nextBytes(nonce);
    try {
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(
          Cipher.ENCRYPT_MODE,
          deriveKey(password, salt, iterations),
          new GCMParameterSpec(TAG_BITS, nonce));
      gcm.updateAAD(associatedData(set));
      byte[] sealed = gcm.doFinal(secret);
      ByteBuffer b =
          ByteBuffer.allocate(1 + 4 + SALT_BYTES + NONCE_BYTES + sealed.length)
              .order(ByteOrder.LITTLE_ENDIAN);
      b.put((byte) PBKDF2_AES_GCM).putInt(iterations).put(salt).put(nonce).put(sealed);
      return b.array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "AES/GCM and PBKDF2WithHmacSHA256 are required by the Java platform", e);
    }
  }

  private static byte[] open(byte[] payload, char[] password, ParameterSet set) {
    if (payload.length < 1) {
      throw new BlobFormatException(Reason.LENGTH, "keystore payload is empty");
    }
    int protection = payload[0] & 0xFF;
    if (protection == NONE) {
      if (password != null) {
        throw new BlobFormatException(
            Reason.CONTENT, "keystore is not password-protected, but a password was given");
      }
      return Arrays.copyOfRange(payload, 1, payload.length);
    }
    if (protection != PBKDF2_AES_GCM) {
      throw new BlobFormatException(
          Reason.CONTENT,
          "unknown keystore protection "
              + protection
              + "; expected 0 (none) or 1 (PBKDF2-HMAC-SHA256 + AES-256-GCM)");
    }
    if (password == null) {
      throw new BlobFormatException(
          Reason.CONTENT, "keystore is password-protected: a password is required");
    }
    int fixed = 1 + 4 + SALT_BYTES + NONCE_BYTES;
    if (payload.length < fixed + TAG_BITS / 8) {
      throw new BlobFormatException(
          Reason.LENGTH,
          "protected keystore payload of "
              + payload.length
              + " bytes is shorter than its "
              + (fixed + TAG_BITS / 8)
              + "-byte minimum");
    }
    ByteBuffer b = ByteBuffer.wrap(payload, 1, payload.length - 1).order(ByteOrder.LITTLE_ENDIAN);
    int iterations = b.getInt();
    if (iterations < MIN_ITERATIONS || iterations > MAX_ITERATIONS) {
      throw new BlobFormatException(
          Reason.CONTENT,
          "keystore declares "
              + Integer.toUnsignedString(iterations)
              + " PBKDF2 iterations; accepted: "
              + MIN_ITERATIONS
              + ".."
              + MAX_ITERATIONS);
    }
    byte[] salt = new byte[SALT_BYTES];
    byte[] nonce = new byte[NONCE_BYTES];
    b.get(salt).get(nonce);
    try {
      Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(
          Cipher.DECRYPT_MODE,
          deriveKey(password, salt, iterations),
          new GCMParameterSpec(TAG_BITS, nonce));
      gcm.updateAAD(associatedData(set));
      return gcm.doFinal(payload, fixed, payload.length - fixed);
    } catch (AEADBadTagException e) {
      throw new BlobFormatException(
          Reason.CONTENT, "keystore could not be decrypted: wrong password or altered file", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(
          "AES/GCM and PBKDF2WithHmacSHA256 are required by the Java platform", e);
    }
  }

  private static SecretKeySpec deriveKey(char[] password, byte[] salt, int iterations)
      throws GeneralSecurityException {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
    try {
      byte[] key =
          SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
      try {
        return new SecretKeySpec(key, "AES");
      } finally {
        Arrays.fill(key, (byte) 0);
      }
    } finally {
      spec.clearPassword();
    }
  }

  private static byte[] associatedData(ParameterSet set) {
    return ("fhe-streams client keystore v1 " + set.id()).getBytes(StandardCharsets.US_ASCII);
  }

  // ------------------------------------------------------------------ files

  private static Path createOwnerOnlyFile(Path dir, String name) throws IOException {
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      Set<PosixFilePermission> rw = PosixFilePermissions.fromString("rw-------");
      return Files.createTempFile(
          dir, "." + name, ".tmp", PosixFilePermissions.asFileAttribute(rw));
    }
    Path tmp = Files.createTempFile(dir, "." + name, ".tmp");
    java.io.File f = tmp.toFile();
    if (!(f.setReadable(false, false)
        && f.setReadable(true, true)
        && f.setWritable(false, false)
        && f.setWritable(true, true))) {
      Files.deleteIfExists(tmp);
      throw new IOException("cannot restrict keystore permissions to the owner in " + dir);
    }
    return tmp;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
