package io.fhestreams.ml.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTest {

  @Test
  void shouldReadHeaderAndRows(@TempDir Path dir) throws Exception {
    Path f = Files.writeString(dir.resolve("a.csv"), "a, b\n1,2.5\n\n-3,4e2\n");
    Dataset d = Dataset.readCsv(f);
    assertThat(d.columns()).containsExactly("a", "b");
    assertThat(d.rows()).hasDimensions(2, 2);
    assertThat(d.column("b")).containsExactly(2.5, 400.0);
  }

  @Test
  void malformedFiles_failNamingLineAndColumn(@TempDir Path dir) throws Exception {
    Path bad = Files.writeString(dir.resolve("bad.csv"), "a,b\n1,2\n3,x\n");
    assertThatThrownBy(() -> Dataset.readCsv(bad))
        .hasMessageContaining("line 3 column 'b': expected a number, found 'x'");
    Path ragged = Files.writeString(dir.resolve("ragged.csv"), "a,b\n1\n");
    assertThatThrownBy(() -> Dataset.readCsv(ragged))
        .hasMessageContaining("line 2: expected 2 columns as in the header, found 1");
    Path empty = Files.writeString(dir.resolve("empty.csv"), "");
    assertThatThrownBy(() -> Dataset.readCsv(empty)).hasMessageContaining("empty file");
    Path headerOnly = Files.writeString(dir.resolve("h.csv"), "a,b\n");
    assertThatThrownBy(() -> Dataset.readCsv(headerOnly)).hasMessageContaining("no data rows");
  }
}
