package io.fhestreams.ml.models;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rows of numeric features with their column names, read from a CSV file with a header row (comma
 * separated, no quoting: the format {@code fhe compile} and {@code fhe predict} take).
 *
 * @param columns the header's column names
 * @param rows one array per data row, each of the header's length
 */
public record Dataset(List<String> columns, double[][] rows) {

  public Dataset {
    columns = List.copyOf(columns);
    for (int i = 0; i < rows.length; i++) {
      if (rows[i].length != columns.size()) {
        throw new IllegalArgumentException(
            "row " + i + ": expected " + columns.size() + " values, found " + rows[i].length);
      }
    }
  }

  /** Reads a CSV file; a malformed number is refused with its line and column. */
  public static Dataset readCsv(Path file) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = in.readLine();
      if (header == null || header.isBlank()) {
        throw new IOException(file + ": empty file, expected a header row");
      }
      List<String> columns = Arrays.stream(header.split(",", -1)).map(String::trim).toList();
      List<double[]> rows = new ArrayList<>();
      String line;
      int lineNumber = 1;
      while ((line = in.readLine()) != null) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        String[] cells = line.split(",", -1);
        if (cells.length != columns.size()) {
          throw new IOException(
              file
                  + " line "
                  + lineNumber
                  + ": expected "
                  + columns.size()
                  + " columns as in the header, found "
                  + cells.length);
        }
        double[] row = new double[cells.length];
        for (int j = 0; j < cells.length; j++) {
          try {
            row[j] = Double.parseDouble(cells[j].trim());
          } catch (NumberFormatException e) {
            throw new IOException(
                file
                    + " line "
                    + lineNumber
                    + " column '"
                    + columns.get(j)
                    + "': expected a number, found '"
                    + cells[j].trim()
                    + "'",
                e);
          }
        }
        rows.add(row);
      }
      if (rows.isEmpty()) {
        throw new IOException(file + ": no data rows after the header");
      }
      return new Dataset(columns, rows.toArray(new double[0][]));
    }
  }

  /** The values of one column. */
  public double[] column(String name) {
    int j = columns.indexOf(name);
    if (j < 0) {
      throw new IllegalArgumentException("no column '" + name + "'; columns: " + columns);
    }
    return Arrays.stream(rows).mapToDouble(r -> r[j]).toArray();
  }

  @Override
  public double[][] rows() {
    return rows.clone();
  }
}
