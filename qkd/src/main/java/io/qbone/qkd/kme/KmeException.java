package io.qbone.qkd.kme;

/**
 * A request the KME refuses, with the HTTP status ETSI GS QKD 014 assigns to it (400 bad request,
 * 401 unauthorized, 503 no key available) and the text sent in the response's {@code message}.
 */
public final class KmeException extends RuntimeException {
  public static final int BAD_REQUEST = 400;
  public static final int UNAUTHORIZED = 401;
  public static final int UNAVAILABLE = 503;

  private final int status;

  public KmeException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }

  static KmeException badRequest(String message) {
    return new KmeException(BAD_REQUEST, message);
  }
}
