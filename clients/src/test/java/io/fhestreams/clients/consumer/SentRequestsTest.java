package io.fhestreams.clients.consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SentRequestsTest {

  @Test
  void journal_letsAWatchingProcessSeeTheIdsASendingProcessAppends(@TempDir Path tmp) {
    Path journal = SentRequests.journalBeside(tmp.resolve("alice.keystore"));
    assertThat(journal.getFileName().toString()).isEqualTo("alice.keystore.sent");
    SentRequests watcher = SentRequests.journal(journal);
    SentRequests sender = SentRequests.journal(journal);
    assertThat(watcher.contains("r-1")).isFalse();
    sender.add("r-1");
    sender.add("r-é");
    assertThat(watcher.contains("r-1")).isTrue();
    assertThat(watcher.contains("r-é")).isTrue();
    assertThat(watcher.contains("r-2")).isFalse();
    assertThat(SentRequests.journal(journal).contains("r-1")).as("read on open").isTrue();
  }

  @Test
  void journalLinesTooLongOrPartial_areIgnored(@TempDir Path tmp) throws Exception {
    Path journal = tmp.resolve("j.sent");
    Files.writeString(
        journal,
        "x".repeat(100_000) + "\nok-1\npartial",
        StandardCharsets.UTF_8,
        StandardOpenOption.CREATE_NEW);
    SentRequests sent = SentRequests.journal(journal);
    assertThat(sent.contains("ok-1")).isTrue();
    assertThat(sent.contains("x".repeat(100_000))).isFalse();
    assertThat(sent.contains("partial")).isFalse();
    Files.writeString(journal, "-done\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    assertThat(sent.contains("partial-done")).isTrue();
  }

  @Test
  void keepsOnlyTheLatestIds() {
    SentRequests sent = SentRequests.inMemory();
    for (int i = 0; i <= SentRequests.MAX_IDS; i++) {
      sent.add("r-" + i);
    }
    assertThat(sent.contains("r-0")).isFalse();
    assertThat(sent.contains("r-1")).isTrue();
    assertThat(sent.contains("r-" + SentRequests.MAX_IDS)).isTrue();
    assertThatThrownBy(() -> sent.add("a\nb")).isInstanceOf(IllegalArgumentException.class);
  }
}
