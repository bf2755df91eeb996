package io.qbone.deploy.scenario;

import java.util.Locale;
import java.util.Optional;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.parser.Parser;

/**
 * snakeyaml-engine's parser with the two bounds its settings lack (checked up to version 3.2):
 * nesting depth and scalar length. The composer takes any {@link Parser}, so the events are
 * counted as they stream from the library's own parser to its composer, in the same pass; a
 * document deeper than the limit is refused before the recursive composer goes deeper.
 */
final class BoundedParser implements Parser {
  /** A YAML limit was exceeded at a line (1-based) and column (1-based). */
  static final class LimitException extends RuntimeException {
    private final int line;

    LimitException(int line, String message) {
      super(message);
      this.line = line;
    }

    int line() {
      return line;
    }
  }

  private final Parser parser;
  private final YamlLimits limits;
  private int depth;
  private Optional<Mark> last = Optional.empty();

  BoundedParser(Parser parser, YamlLimits limits) {
    this.parser = parser;
    this.limits = limits;
  }

  @Override
  public boolean checkEvent(Event.ID id) {
    return parser.checkEvent(id);
  }

  @Override
  public Event peekEvent() {
    return parser.peekEvent();
  }

  @Override
  public boolean hasNext() {
    return parser.hasNext();
  }

  @Override
  public Event next() {
    Event event = parser.next();
    last = event.getStartMark();
    switch (event.getEventId()) {
      case MappingStart, SequenceStart -> {
        if (++depth > limits.maxDepth()) {
          throw refuse(event, String.format(Locale.ROOT, "YAML nested deeper than the limit of "
              + "%d levels (mappings and lists inside each other)", limits.maxDepth()));
        }
      }
      case MappingEnd, SequenceEnd -> depth--;
      case Scalar -> {
        String value = ((ScalarEvent) event).getValue();
        if (value.length() > limits.maxScalarCodePoints()
            && value.codePointCount(0, value.length()) > limits.maxScalarCodePoints()) {
          throw refuse(event, String.format(Locale.ROOT, "a YAML value of %,d characters is "
              + "longer than the limit of %,d", value.codePointCount(0, value.length()),
              limits.maxScalarCodePoints()));
        }
      }
      default -> { }
    }
    return event;
  }

  /** 1-based line of the last event handed to the composer, 0 if none. */
  int lastLine() {
    return last.map(m -> m.getLine() + 1).orElse(0);
  }

  /** " (column C)" of the last event handed to the composer, or "". */
  String lastColumn() {
    return last.map(m -> " (column " + (m.getColumn() + 1) + ")").orElse("");
  }

  private static LimitException refuse(Event event, String message) {
    Optional<Mark> mark = event.getStartMark();
    return new LimitException(mark.map(m -> m.getLine() + 1).orElse(0),
        message + mark.map(m -> " (column " + (m.getColumn() + 1) + ")").orElse(""));
  }
}
