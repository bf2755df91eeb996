package io.qbone.deploy.scenario;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.FailsafeSchema;

/**
 * Composes a scenario file into a YAML node tree within {@link YamlLimits}; every failure (bad
 * bytes, a limit, malformed YAML, an unreadable file) is one located {@link ScenarioException}.
 */
final class ScenarioYaml {
  /**
   * Characters snakeyaml-engine reads at a time (its default is 1,024). Its reader copies the
   * unread rest of its window on every read, so a token of L characters costs L²/(2·this)
   * copies: with the default an 8 MB scalar or comment took 6–8 s of CPU to load, with 1 Mi it
   * is 32 M copies (0.2 s; docs/scenario-reference.md). The window is 4 bytes a character.
   */
  static final int READ_BUFFER = 1024 * 1024;

  private ScenarioYaml() {}

  /** The document of a UTF-8 file, named {@code label} in errors; null for an empty one. */
  static Node compose(Path file, String label, YamlLimits limits) {
    try (InputStream in = Files.newInputStream(file)) {
      return compose(label, ScenarioText.ofBytes(in, limits.maxCodePoints()), limits);
    } catch (NoSuchFileException e) {
      throw new ScenarioException(label, 0, null, "cannot read the scenario: no such file");
    } catch (IOException e) {
      throw new ScenarioException(label, 0, null, "cannot read the scenario: " + e);
    }
  }

  /** The document of a file's bytes, read already. */
  static Node compose(String label, byte[] bytes, YamlLimits limits) {
    return compose(label, ScenarioText.ofBytes(new ByteArrayInputStream(bytes),
        limits.maxCodePoints()), limits);
  }

  /** The document of text already decoded; the reader is not closed. */
  static Node compose(String label, Reader reader, YamlLimits limits) {
    return compose(label, ScenarioText.ofChars(reader, limits.maxCodePoints()), limits);
  }

  private static Node compose(String label, ScenarioText text, YamlLimits limits) {
    // Failsafe schema: scalars are read by their text and style (YamlValues), so resolving
    // tags with the JSON schema's regular expressions would only cost time on large files.
    // The code point limit must be set (its default is 3 MB) but ScenarioText enforces it first.
    LoadSettings settings = LoadSettings.builder()
        .setLabel(label)
        .setCodePointLimit(limits.maxCodePoints())
        .setMaxAliasesForCollections(limits.maxAliasesForCollections())
        .setBufferSize(READ_BUFFER)
        .setSchema(new FailsafeSchema())
        .build();
    BoundedParser parser =
        new BoundedParser(new ParserImpl(settings, new StreamReader(settings, text)), limits);
    try {
      return new Composer(settings, parser).getSingleNode().orElse(null);
    } catch (BoundedParser.LimitException e) {
      throw new ScenarioException(label, e.line(), null, e.getMessage());
    } catch (MarkedYamlEngineException e) {
      Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
      String where = mark == null ? "" : " (column " + (mark.getColumn() + 1) + ")";
      String context = e.getContext() == null || e.getContext().isEmpty() ? ""
          : " (" + e.getContext() + ")";
      throw new ScenarioException(label, mark == null ? 0 : mark.getLine() + 1, null,
          "malformed YAML" + context + ": " + e.getProblem() + where);
    } catch (YamlEngineException e) {
      // The reader's own failures (I/O, bad text) arrive wrapped by the parser.
      if (e.getCause() instanceof ScenarioText.TextException bad) {
        throw new ScenarioException(label, bad.at().line(), null,
            bad.getMessage() + " (" + where(bad.at()) + ")");
      }
      if (e.getCause() instanceof IOException io) {
        throw new ScenarioException(label, 0, null, "cannot read the scenario: " + io);
      }
      // The composer's own refusals (too many aliases) name no place: it is the last event's.
      throw new ScenarioException(label, parser.lastLine(), null,
          "malformed YAML: " + e.getMessage() + parser.lastColumn());
    }
  }

  private static String where(ScenarioText.Position at) {
    return "column " + at.column() + ", byte offset " + at.byteOffset();
  }
}
