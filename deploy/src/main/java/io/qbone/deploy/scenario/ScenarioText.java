package io.qbone.deploy.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * The scenario's characters on their way to the YAML reader, with the position (line, column,
 * byte offset) of each one, so that text the YAML reader cannot take is refused at its place.
 *
 * <p>Bytes are decoded as strict UTF-8 here rather than by an {@code InputStreamReader}, which
 * on an invalid byte throws away the characters decoded before it and so loses the offset.
 * Characters YAML does not allow (control characters) are refused with snakeyaml-engine's own
 * test, {@link StreamReader#isPrintable(int)}, which otherwise reports only a character index.
 *
 * <p>The document limit is enforced here too: snakeyaml-engine checks its {@code codePointLimit}
 * only before each token, so one long token (a scalar, a comment, a run of blanks) is read to
 * any length before the check, and comments after the last token are never checked. This reader
 * refuses the first character beyond the limit, wherever it is.
 */
final class ScenarioText extends Reader {
  /** Where a character lies in the source. */
  record Position(int line, long column, long byteOffset) {}

  /** Text the YAML reader cannot take, located; snakeyaml-engine passes it through as a cause. */
  static final class TextException extends IOException {
    private final Position at;

    TextException(Position at, String message) {
      super(message);
      this.at = at;
    }

    Position at() {
      return at;
    }
  }

  private final InputStream bytes;
  private final Reader chars;
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final ByteBuffer in = ByteBuffer.allocate(64 * 1024).limit(0);
  private final CharBuffer decoded = CharBuffer.allocate(64 * 1024).limit(0);
  private boolean endOfBytes;
  private String invalidBytes;

  private final long limit;

  private int line = 1;
  private long column = 1;
  private long byteOffset;
  private long codePoints;
  private boolean afterCarriageReturn;

  private ScenarioText(InputStream bytes, Reader chars, long limit) {
    this.bytes = bytes;
    this.chars = chars;
    this.limit = limit;
  }

  /** UTF-8 bytes, at most {@code limit} characters of them. */
  static ScenarioText ofBytes(InputStream bytes, long limit) {
    return new ScenarioText(bytes, null, limit);
  }

  /** Characters already decoded (byte offsets are those of their UTF-8 encoding). */
  static ScenarioText ofChars(Reader chars, long limit) {
    return new ScenarioText(null, chars, limit);
  }

  /** Position of the next character to be read. */
  Position position() {
    return new Position(line, column, byteOffset);
  }

  @Override
  public int read(char[] buf, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    int n = bytes == null ? chars.read(buf, off, len) : decode(buf, off, len);
    for (int i = off; i < off + Math.max(n, 0); i++) {
      track(buf[i]);
    }
    return n;
  }

  private int decode(char[] buf, int off, int len) throws IOException {
    while (!decoded.hasRemaining()) {
      if (invalidBytes != null) {
        throw new TextException(position(), "expected UTF-8 text, got " + invalidBytes);
      }
      if (endOfBytes && !in.hasRemaining()) {
        return -1;
      }
      fillDecoded();
    }
    int n = Math.min(len, decoded.remaining());
    decoded.get(buf, off, n);
    return n;
  }

  /** Decodes what the byte buffer holds, reading more bytes when it runs dry. */
  private void fillDecoded() throws IOException {
    if (!endOfBytes) {
      in.compact();
      int n = bytes.read(in.array(), in.position(), in.remaining());
      if (n < 0) {
        endOfBytes = true;
      } else {
        in.position(in.position() + n);
      }
      in.flip();
    }
    decoded.clear();
    CoderResult result = decoder.decode(in, decoded, endOfBytes);
    if (result.isUnderflow() && endOfBytes) {
      result = decoder.flush(decoded);
    }
    if (result.isError()) {
      // Deliver the characters before the bad bytes first: the offset is then exact.
      StringBuilder shown = new StringBuilder();
      for (int i = 0; i < result.length(); i++) {
        shown.append(String.format(Locale.ROOT, i == 0 ? "0x%02X" : " 0x%02X",
            in.get(in.position() + i) & 0xFF));
      }
      invalidBytes = (result.length() == 1 ? "the invalid byte " : "the invalid bytes ") + shown;
    }
    decoded.flip();
  }

  private void track(char c) throws TextException {
    if (Character.isLowSurrogate(c)) {
      byteOffset += 3; // with its high surrogate's 1: the 4 bytes of a supplementary character
      return;
    }
    if (!Character.isHighSurrogate(c) && !StreamReader.isPrintable(c)) {
      throw new TextException(position(), String.format(Locale.ROOT,
          "expected printable text, got the %s U+%04X", c < 0x20 || (c >= 0x7F && c < 0xA0)
              ? "control character" : "character YAML does not allow", (int) c));
    }
    if (++codePoints > limit) {
      throw new TextException(position(), String.format(Locale.ROOT,
          "the scenario is longer than the limit of %,d characters", limit));
    }
    if (c == '\n' && afterCarriageReturn) {
      column = 1; // the \n of \r\n: the \r began the line
    } else if (c == '\n' || c == '\r') {
      line++;
      column = 1;
    } else {
      column++;
    }
    afterCarriageReturn = c == '\r';
    byteOffset += c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isHighSurrogate(c) ? 1 : 3;
  }

  @Override
  public void close() throws IOException {
    if (bytes != null) {
      bytes.close();
    } else {
      chars.close();
    }
  }
}
