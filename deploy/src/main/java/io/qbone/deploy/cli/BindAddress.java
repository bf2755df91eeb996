package io.qbone.deploy.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

/**
 * Checks an address a server is told to listen on ({@code --dashboard-host}, {@code
 * --metrics-host}, {@code --host}, ...) before anything starts, so a typo or an address of
 * another machine is one clear line rather than a bind failure deep in a server's start.
 */
final class BindAddress {
  private BindAddress() {}

  /**
   * @param option the option's name, for the message
   * @return null when a socket can listen on {@code host}, else why not (one line)
   */
  static String check(String option, String host) {
    InetAddress address;
    try {
      address = InetAddress.getByName(host);
    } catch (UnknownHostException e) {
      return option + ": unknown host '" + host + "'";
    }
    try (ServerSocket probe = new ServerSocket()) {
      probe.bind(new InetSocketAddress(address, 0));
    } catch (IOException e) {
      return option + ": cannot listen on " + host + " (" + e.getMessage()
          + "); give an address of this machine, e.g. 127.0.0.1 or the pod's IP";
    }
    return null;
  }
}
