package io.qbone.deploy.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Hosts made of Linux network namespaces: one namespace per host, each with one veth interface
 * on 10.77.0.0/24 plugged into a bridge that lives in a namespace of its own, so nothing is added
 * to the machine's own network and nothing is routed beyond the bridge. Needs root and {@code
 * ip}; {@link #close} deletes every namespace (and with them the interfaces and the bridge).
 */
final class NetworkNamespaces implements AutoCloseable {
  private final String prefix = "qb" + ProcessHandle.current().pid() + "-";
  private final String hub = prefix + "hub";
  private final List<String> created = new ArrayList<>();
  /** First three octets of the hosts' addresses, with the dot. */
  private final String subnet;

  /** Whether namespaces can be made here, and if not, why (for the skip message). */
  static String unavailableBecause() {
    try {
      String uid = run("id", "-u");
      if (!uid.equals("0")) {
        return "network namespaces need root (uid " + uid + ")";
      }
      run("ip", "netns", "list");
    } catch (IOException | InterruptedException e) {
      return e.getMessage();
    }
    return null;
  }

  /**
   * Creates {@code hosts} namespaces; host i (from 1) gets address {@code 10.77.0.i}.
   */
  NetworkNamespaces(int hosts) throws IOException, InterruptedException {
    this(hosts, "10.77.0.", false);
  }

  /**
   * Creates {@code hosts} namespaces on {@code subnet}{@code i}/24; with {@code uplink}, this
   * machine's own namespace is plugged into the bridge too, at {@link #uplinkAddress()}, so a
   * server of the test process (a Kubernetes API stand-in) is reachable from the hosts. The
   * uplink's interface lives in the bridge's namespace, so it is deleted with it.
   */
  NetworkNamespaces(int hosts, String subnet, boolean uplink)
      throws IOException, InterruptedException {
    this.subnet = subnet;
    ip("netns", "add", hub);
    created.add(hub);
    ip("-n", hub, "link", "add", "br0", "type", "bridge");
    ip("-n", hub, "link", "set", "br0", "up");
    for (int i = 1; i <= hosts; i++) {
      String ns = name(i);
      ip("netns", "add", ns);
      created.add(ns);
      ip("-n", ns, "link", "set", "lo", "up");
      ip("-n", hub, "link", "add", "port" + i, "type", "veth", "peer", "name", "eth0",
          "netns", ns);
      ip("-n", hub, "link", "set", "port" + i, "master", "br0", "up");
      ip("-n", ns, "addr", "add", addressOf(i) + "/24", "dev", "eth0");
      ip("-n", ns, "link", "set", "eth0", "up");
    }
    if (uplink) {
      String outside = prefix + "up";
      ip("-n", hub, "link", "add", "uplink", "type", "veth", "peer", "name", outside,
          "netns", Long.toString(ProcessHandle.current().pid()));
      ip("-n", hub, "link", "set", "uplink", "master", "br0", "up");
      ip("addr", "add", uplinkAddress() + "/24", "dev", outside);
      ip("link", "set", outside, "up");
    }
  }

  /** This machine's address on the bridge (with an uplink). */
  String uplinkAddress() {
    return subnet + "254";
  }

  /** Host {@code host}'s address. */
  String addressOf(int host) {
    return subnet + host;
  }

  String name(int host) {
    return prefix + "h" + host;
  }

  static String address(int host) {
    return "10.77.0." + host;
  }

  /** {@code command} run inside host {@code host}'s namespace. */
  List<String> inside(int host, List<String> command) {
    List<String> wrapped = new ArrayList<>(List.of("ip", "netns", "exec", name(host)));
    wrapped.addAll(command);
    return wrapped;
  }

  private static void ip(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("ip"));
    command.addAll(List.of(args));
    run(command.toArray(String[]::new));
  }

  /** Runs a command to its end; its output, or an IOException saying how it failed. */
  private static String run(String... command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("'" + String.join(" ", command) + "' failed: " + out);
    }
    return out;
  }

  @Override
  public void close() throws IOException, InterruptedException {
    IOException first = null;
    for (int i = created.size() - 1; i >= 0; i--) {
      try {
        ip("netns", "del", created.get(i));
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
