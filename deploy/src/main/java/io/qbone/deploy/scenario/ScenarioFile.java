package io.qbone.deploy.scenario;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A scenario file read once: the scenario its bytes hold and their SHA-256. Every member of a
 * run on member processes builds its plan from the file's bytes and joins only a cluster whose
 * launcher read the same bytes (same digest).
 *
 * @param scenario the loaded scenario
 * @param sha256 lower-case hex SHA-256 of the file's bytes
 */
public record ScenarioFile(Scenario scenario, String sha256) {

  /** Reads and loads {@code file} (UTF-8); a missing or unreadable file is a line-0 error. */
  public static ScenarioFile read(Path file) {
    String name = file.toString();
    byte[] bytes;
    try {
      // Four bytes at most per code point: a larger file is over the document limit unread.
      if (Files.size(file) > 4L * YamlLimits.DEFAULT.maxCodePoints()) {
        throw new ScenarioException(name, 0, null, "the scenario is larger than the document "
            + "limit of " + YamlLimits.DEFAULT.maxCodePoints() + " characters");
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ScenarioException(name, 0, null, "cannot read the scenario: no such file");
    } catch (IOException e) {
      throw new ScenarioException(name, 0, null, "cannot read the scenario: " + e);
    }
    return new ScenarioFile(ScenarioLoader.load(name, bytes), sha256(bytes));
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
