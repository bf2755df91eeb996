package io.qbone.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * One persistent HTTPS/1.1 connection, used by one thread at a time: writes a request, blocks
 * for its response. The load generator's own cost per request is then a TLS record each way
 * and a header parse, so the server's cost dominates what the benchmark measures (the JDK
 * HttpClient spends several times that in its asynchronous pipeline). It handles exactly what
 * the KME answers — a status line, headers and a Content-Length body — and fails loudly on
 * anything else.
 */
final class KeepAliveHttpsClient implements AutoCloseable {
  /** A response: status code and body text. */
  record Response(int status, String body) {}

  private final String host;
  private final SSLSocket socket;
  private final OutputStream out;
  private final InputStream in;

  KeepAliveHttpsClient(SSLContext tls, String host, int port) throws IOException {
    this.host = host + ":" + port;
    socket = (SSLSocket) tls.getSocketFactory().createSocket(host, port);
    socket.setTcpNoDelay(true);
    socket.startHandshake();
    out = new BufferedOutputStream(socket.getOutputStream(), 4096);
    in = new BufferedInputStream(socket.getInputStream(), 16384);
  }

  Response post(String path, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    out.write(("POST " + path + " HTTP/1.1\r\nHost: " + host
        + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
    return read();
  }

  Response get(String path) throws IOException {
    out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    return read();
  }

  private Response read() throws IOException {
    String statusLine = line();
    if (!statusLine.startsWith("HTTP/1.1 ") || statusLine.length() < 12) {
      throw new IOException("expected an HTTP/1.1 status line, got '" + statusLine + "'");
    }
    int status = Integer.parseInt(statusLine.substring(9, 12));
    int length = -1;
    for (String header = line(); !header.isEmpty(); header = line()) {
      int colon = header.indexOf(':');
      String name = colon < 0 ? header : header.substring(0, colon).trim();
      String value = colon < 0 ? "" : header.substring(colon + 1).trim();
      if (name.equalsIgnoreCase("Content-Length")) {
        length = Integer.parseInt(value);
      } else if (name.equalsIgnoreCase("Transfer-Encoding")
          || (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close"))) {
        throw new IOException("response header '" + header + "': this client expects a"
            + " Content-Length body on a kept-alive connection");
      }
    }
    if (length < 0) {
      throw new IOException("response " + status + " has no Content-Length");
    }
    byte[] body = in.readNBytes(length);
    if (body.length != length) {
      throw new IOException("connection closed after " + body.length + " of " + length
          + " body bytes");
    }
    return new Response(status, new String(body, StandardCharsets.UTF_8));
  }

  private String line() throws IOException {
    ByteArrayOutputStream text = new ByteArrayOutputStream(64);
    for (int b = in.read(); b != '\n'; b = in.read()) {
      if (b < 0) {
        throw new IOException("connection closed in the middle of a response head");
      }
      if (b != '\r') {
        text.write(b);
      }
    }
    return text.toString(StandardCharsets.ISO_8859_1);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
