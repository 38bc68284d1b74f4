package io.fhestreams.clients.consumer;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * The request ids a client sent, so that its consumer decrypts only the answers to them (a
 * prediction carrying the client's key id but another request id is set aside). Keeps the last
 * {@value #MAX_IDS} ids. Optionally backed by a journal file, one id a line, that a sending process
 * appends to and a watching process reads ({@code fhe send} and {@code fhe watch}). Thread-safe.
 */
public final class SentRequests {

  /** Ids kept; older ones are forgotten first. */
  public static final int MAX_IDS = 100_000;

  /** Longest request id recorded; a longer line of the journal is ignored. */
  public static final int MAX_ID_CHARS = 256;

  private final Set<String> ids = new LinkedHashSet<>();
  private final Path journal;
  private long journalRead;

  private SentRequests(Path journal) {
    this.journal = journal;
  }

  /** Ids held in memory only. */
  public static SentRequests inMemory() {
    return new SentRequests(null);
  }

  /**
   * Ids backed by {@code journal}: {@link #add} appends to it, {@link #contains} also sees ids
   * other processes appended since. The file is created if absent (owner read/write only where the
   * file system supports it).
   */
  public static SentRequests journal(Path journal) {
    Objects.requireNonNull(journal, "journal");
    try {
      if (!Files.exists(journal)) {
        Path parent = journal.toAbsolutePath().getParent();
        if (parent != null) {
          Files.createDirectories(parent);
        }
        Files.createFile(journal);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the sent-requests journal " + journal, e);
    }
    SentRequests sent = new SentRequests(journal);
    sent.refresh();
    return sent;
  }

  /** The journal beside a keystore: {@code KEYSTORE.sent}. */
  public static Path journalBeside(Path keystore) {
    return keystore.resolveSibling(keystore.getFileName() + ".sent");
  }

  /** Records {@code requestId} as sent (and appends it to the journal, if any). */
  public synchronized void add(String requestId) {
    if (requestId.length() > MAX_ID_CHARS || requestId.contains("\n")) {
      throw new IllegalArgumentException(
          "request id must be at most " + MAX_ID_CHARS + " characters on one line");
    }
    remember(requestId);
    if (journal != null) {
      try {
        Files.writeString(
            journal, requestId + "\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot append to the sent-requests journal " + journal, e);
      }
    }
  }

  /** Whether {@code requestId} was sent (reading what the journal gained since the last look). */
  public synchronized boolean contains(String requestId) {
    if (ids.contains(requestId)) {
      return true;
    }
    if (journal != null && refresh()) {
      return ids.contains(requestId);
    }
    return false;
  }

  /** Reads the journal's new lines; true if it had any. */
  private boolean refresh() {
    if (journal == null) {
      return false;
    }
    try (RandomAccessFile file = new RandomAccessFile(journal.toFile(), "r")) {
      long length = file.length();
      if (length <= journalRead) {
        return false;
      }
      file.seek(journalRead);
      java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
      boolean tooLong = false;
      long consumed = journalRead;
      byte[] buffer = new byte[8192];
      int n;
      while (consumed < length && (n = file.read(buffer)) > 0) {
        for (int i = 0; i < n && consumed < length; i++, consumed++) {
          if (buffer[i] == '\n') {
            if (!tooLong && line.size() > 0) {
              remember(line.toString(StandardCharsets.UTF_8));
            }
            journalRead = consumed + 1;
            line.reset();
            tooLong = false;
          } else if (line.size() < 4 * MAX_ID_CHARS) {
            line.write(buffer[i]);
          } else {
            tooLong = true;
          }
        }
      }
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the sent-requests journal " + journal, e);
    }
  }

  private void remember(String requestId) {
    if (ids.add(requestId) && ids.size() > MAX_IDS) {
      Iterator<String> oldest = ids.iterator();
      oldest.next();
      oldest.remove();
    }
  }
}
