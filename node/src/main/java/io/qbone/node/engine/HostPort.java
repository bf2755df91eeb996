package io.qbone.node.engine;

/**
 * A {@code host:port} from the command line (seed node, contact point).
 *
 * @param host name or address, as given
 * @param port in 1..65535
 */
public record HostPort(String host, int port) {
  /**
   * @param what what the value is, for the message ("seed node", "contact point")
   * @throws IllegalArgumentException saying what is wrong with {@code hostPort} in one line
   */
  public static HostPort parse(String what, String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new IllegalArgumentException(what + " must be host:port, got '" + hostPort + "'");
    }
    int p;
    try {
      p = Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(what + " must be host:port, got '" + hostPort + "'");
    }
    if (p < 1 || p > 65535) {
      throw new IllegalArgumentException(
          "port of " + what + " '" + hostPort + "' must be in 1..65535");
    }
    return new HostPort(hostPort.substring(0, colon), p);
  }

  @Override
  public String toString() {
    return host + ":" + port;
  }
}
