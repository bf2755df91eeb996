package io.qbone.deploy.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile YAML: deep nesting, oversized documents and scalars, very long lines, bytes that are
 * not UTF-8 and characters YAML forbids. Each is refused with one located error or loaded.
 */
class ScenarioYamlLimitsTest {
  /** A valid two-node scenario; line 2 is the name. */
  static final String VALID = "qbone: 1\nname: t\nduration_s: 1\n"
      + "nodes:\n  - {name: a}\n  - {name: b}\nlinks:\n  - {a: a, b: b, length_km: 10}\n";

  @TempDir Path dir;

  private static ScenarioException refused(String yaml) {
    return assertThrows(ScenarioException.class,
        () -> ScenarioLoader.load("bad.yaml", new StringReader(yaml)));
  }

  private ScenarioException refusedFile(byte[] bytes, YamlLimits limits) throws IOException {
    Path f = dir.resolve("bad.yaml");
    Files.write(f, bytes);
    return assertThrows(ScenarioException.class, () -> ScenarioLoader.load(f, limits));
  }

  private static void assertContains(String message, String... fragments) {
    for (String f : fragments) {
      assertTrue(message.contains(f), () -> "'" + f + "' not in: " + message);
    }
  }

  @Test
  void aThousandNestedFlowListsAreRefusedAtTheLimitNotByAStackOverflow() {
    String yaml = VALID + "extra: " + "[".repeat(1000) + "]".repeat(1000) + "\n";
    ScenarioException e = refused(yaml);
    assertEquals(9, e.line(), e.getMessage());
    assertNull(e.field());
    // The top mapping is level 1, so the 64th '[' (column 7 + 63) is level 65.
    assertContains(e.getMessage(), "bad.yaml:9: YAML nested deeper than the limit of 64 levels",
        "(column 71)");
  }

  @Test
  void aThousandNestedBlockMappingsAreRefusedAtTheLineOfTheDeepestAllowedPlusOne() {
    StringBuilder yaml = new StringBuilder(VALID).append("extra:\n");
    for (int i = 1; i <= 1000; i++) {
      yaml.append("  ".repeat(i)).append("k").append(i).append(":\n");
    }
    yaml.append("  ".repeat(1001)).append("1\n");
    ScenarioException e = refused(yaml.toString());
    // Line 9 is "extra:"; the mapping under k(i) starts on line 10 + i; the top mapping is
    // level 1 and extra's value (line 10) level 2, so level 65 is the mapping on line 73.
    assertEquals(73, e.line(), e.getMessage());
    assertContains(e.getMessage(), "nested deeper than the limit of 64 levels");
  }

  @Test
  void nestingUpToTheLimitIsComposedAndReachesTheScenarioChecks() {
    // 63 lists inside the top mapping: level 64, allowed; the key itself is then unknown.
    ScenarioException e = refused(VALID + "extra: " + "[".repeat(63) + "]".repeat(63) + "\n");
    assertEquals("extra", e.field(), e.getMessage());
    assertContains(e.getMessage(), "unknown key 'extra'");
  }

  @Test
  void aDocumentOverTheSizeLimitNamesTheLimitAndWhereItWasCrossed() throws IOException {
    // 40-character lines ("# 12345678901234567890123456789012345é\n": 'é' is 2 bytes).
    String line = "# " + "1234567890".repeat(3) + "123456é\n";
    assertEquals(40, line.length());
    String yaml = VALID + line.repeat(100);
    YamlLimits limits = new YamlLimits(1000, 64, 1000, 50);
    ScenarioException e = refusedFile(yaml.getBytes(StandardCharsets.UTF_8), limits);
    // The first character beyond the limit (index 1000): VALID is 105 characters on 8 lines, so
    // it is index 895 of the comments: 22 full lines (880 characters, 41 bytes each) and 15
    // more, so line 8 + 22 + 1 = 31, column 16.
    assertEquals(105, VALID.length());
    assertEquals(31, e.line(), e.getMessage());
    assertContains(e.getMessage(), "bad.yaml:31: the scenario is longer than the limit of 1,000 "
        + "characters (column 16, byte offset " + (105 + 22 * 41 + 15) + ")");
  }

  @Test
  void oneTokenRunningFarPastTheSizeLimitIsStoppedWhileReading() throws IOException {
    // A single 5 M-character comment: snakeyaml-engine checks its limit only between tokens.
    byte[] yaml = (VALID + "# " + "x".repeat(5_000_000) + "\n").getBytes(StandardCharsets.UTF_8);
    ScenarioException e = refusedFile(yaml, new YamlLimits(1000, 64, 1000, 50));
    assertEquals(9, e.line(), e.getMessage());
    assertContains(e.getMessage(), "the scenario is longer than the limit of 1,000 characters "
        + "(column " + (1000 - 105 + 1) + ", byte offset 1000)");
  }

  @Test
  void aLongScalarIsRefusedWithItsLengthAndLine() {
    ScenarioException e = refused(VALID.replace("name: t", "name: " + "x".repeat(100_000)));
    assertEquals(2, e.line(), e.getMessage());
    assertContains(e.getMessage(), "bad.yaml:2: a YAML value of 100,000 characters is longer "
        + "than the limit of 65,536 (column 7)");
    // A name at the limit is fine.
    Scenario s = ScenarioLoader.load("ok.yaml",
        new StringReader(VALID.replace("name: t", "name: " + "y".repeat(65_536))));
    assertEquals(65_536, s.name().length());
  }

  @Test
  void anEightMegabyteSingleLineScenarioLoads() throws IOException {
    // The whole scenario as one flow mapping on one 8 MB line: 40,000 nodes of 200-character
    // names, 39,999 links between them.
    int n = 40_000;
    Path f = dir.resolve("one-line.yaml");
    try (Writer w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
      w.write("{qbone: 1, name: one-line, duration_s: 1, nodes: [");
      for (int i = 0; i < n; i++) {
        w.write((i > 0 ? ", " : "") + "{name: " + name(i) + "}");
      }
      w.write("], links: [");
      for (int i = 1; i < n; i++) {
        w.write((i > 1 ? ", " : "") + "{a: " + name(i - 1) + ", b: " + name(i) + ", length_km: 1}");
      }
      w.write("]}\n");
    }
    assertTrue(Files.size(f) > 8_000_000, "size " + Files.size(f));
    Scenario s = ScenarioLoader.load(f);
    assertEquals(n, s.nodes().size());
    assertEquals(n - 1, s.links().size());
    assertEquals(name(n - 1), s.nodes().get(n - 1).name());
  }

  private static String name(int i) {
    return String.format("n%06d-", i) + "p".repeat(192);
  }

  @Test
  void anEightMegabyteCommentLoadsAndAnEightMegabyteScalarIsRefused() throws IOException {
    Path comment = dir.resolve("comment.yaml");
    Files.writeString(comment, VALID + "# " + "c".repeat(8 * 1024 * 1024) + "\n");
    assertEquals(2, ScenarioLoader.load(comment).nodes().size());
    Path scalar = dir.resolve("scalar.yaml");
    Files.writeString(scalar, VALID.replace("name: t", "name: " + "s".repeat(8 * 1024 * 1024)));
    ScenarioException e = assertThrows(ScenarioException.class,
        () -> ScenarioLoader.load(scalar));
    assertEquals(2, e.line(), e.getMessage());
    assertContains(e.getMessage(), "a YAML value of 8,388,608 characters is longer than the "
        + "limit of 65,536");
  }

  @Test
  void invalidUtf8IsRefusedWithItsLineColumnAndByteOffset() throws IOException {
    // "é" is 2 bytes, so the byte offset and the column differ. 0xC3 0x28 is a lead byte
    // followed by '(' instead of a continuation byte.
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes("qbone: 1\nname: é".getBytes(StandardCharsets.UTF_8));
    int offset = b.size();
    b.writeBytes(new byte[] {(byte) 0xC3, 0x28});
    b.writeBytes("\nduration_s: 1\n".getBytes(StandardCharsets.UTF_8));
    assertEquals(17, offset);
    ScenarioException e = refusedFile(b.toByteArray(), YamlLimits.DEFAULT);
    assertEquals(2, e.line(), e.getMessage());
    assertContains(e.getMessage(), "bad.yaml:2: expected UTF-8 text, got the invalid byte 0xC3 "
        + "(column 8, byte offset 17)");
  }

  @Test
  void invalidUtf8FarIntoALargeFileIsLocatedExactly() throws IOException {
    // Past the decoder's 64 KB buffers and with CRLF line ends (counted once).
    String line = "# padding ää\r\n"; // 14 characters, 16 bytes
    String head = VALID.replace("\n", "\r\n") + line.repeat(10_000);
    byte[] before = head.getBytes(StandardCharsets.UTF_8);
    byte[] bytes = new byte[before.length + 3];
    System.arraycopy(before, 0, bytes, 0, before.length);
    bytes[before.length] = 'x';
    bytes[before.length + 1] = (byte) 0xFF;
    bytes[before.length + 2] = '\n';
    ScenarioException e = refusedFile(bytes, YamlLimits.DEFAULT);
    assertEquals(8 + 10_000 + 1, e.line(), e.getMessage());
    assertContains(e.getMessage(), "got the invalid byte 0xFF (column 2, byte offset "
        + (before.length + 1) + ")");
  }

  @Test
  void aTruncatedCharacterAtTheEndIsInvalidUtf8() throws IOException {
    byte[] head = VALID.getBytes(StandardCharsets.UTF_8);
    byte[] bytes = java.util.Arrays.copyOf(head, head.length + 2);
    bytes[head.length] = '#';
    bytes[head.length + 1] = (byte) 0xE2; // the first of three bytes, then the end of the file
    ScenarioException e = refusedFile(bytes, YamlLimits.DEFAULT);
    assertEquals(9, e.line(), e.getMessage());
    assertContains(e.getMessage(), "invalid byte 0xE2 (column 2, byte offset "
        + (head.length + 1) + ")");
  }

  @Test
  void aControlCharacterIsRefusedWithItsPlace() throws IOException {
    byte[] bytes = VALID.replace("length_km: 10", "length_km: 1\u00070")
        .getBytes(StandardCharsets.UTF_8);
    ScenarioException e = refusedFile(bytes, YamlLimits.DEFAULT);
    assertEquals(8, e.line(), e.getMessage());
    int offset = VALID.indexOf("length_km: 10") + "length_km: 1".length();
    assertContains(e.getMessage(), "bad.yaml:8: expected printable text, got the control "
        + "character U+0007 (column 30, byte offset " + offset + ")");
    // From a reader too (byte offsets of the UTF-8 encoding).
    ScenarioException fromReader = refused("name: ü\u0001\n");
    assertContains(fromReader.getMessage(), "bad.yaml:1: expected printable text, got the "
        + "control character U+0001 (column 8, byte offset 8)");
  }

  @Test
  void aliasesOfCollectionsAreBoundedAndSelfContainingListsHarmless() {
    StringBuilder laughs = new StringBuilder(VALID).append("x0: &a0 [l, l]\n");
    for (int i = 1; i <= 60; i++) {
      laughs.append("x").append(i).append(": &a").append(i).append(" [*a").append(i - 1)
          .append(", *a").append(i - 1).append("]\n");
    }
    ScenarioException e = refused(laughs.toString());
    // x(i) is on line 9 + i with aliases 2i - 1 and 2i: the 51st is the first of x26.
    assertEquals(35, e.line(), e.getMessage());
    assertContains(e.getMessage(), "malformed YAML", "aliases for non-scalar nodes exceeds the "
        + "specified max=50 (column 12)");
    // A list that contains itself composes (snakeyaml-engine checks recursive keys only when
    // constructing Java objects, which the loader does not) and is refused by its shape.
    ScenarioException recursive = refused(VALID.replace("nodes:\n  - {name: a}\n  - {name: b}",
        "nodes: &n [*n]"));
    assertEquals("nodes[0]", recursive.field(), recursive.getMessage());
    assertContains(recursive.getMessage(), "expected a node mapping, got a list");
  }
}
