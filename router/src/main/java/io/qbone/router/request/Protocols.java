package io.qbone.router.request;

import io.qbone.router.routing.RoutingProtocol;
import io.qbone.router.routing.RoutingProtocolProvider;
import io.qbone.router.routing.ShippedProtocols;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The registry of routing protocols a scenario can name: every {@link RoutingProtocolProvider}
 * on the class path, found once with {@link ServiceLoader}. Order is deterministic: the shipped
 * protocols first in {@link ShippedProtocols#NAMES} order, then the others sorted by name.
 */
public final class Protocols {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  /** Where paths are computed and from what knowledge. */
  public enum Mode {
    /** At the source, from the static topology and the failures it has been told of. */
    SOURCE,
    /** At the source, from its link-state database (hellos and adverts). */
    LINK_STATE,
    /** At the central controller, with the whole network's reservations in view. */
    CONTROLLER
  }

  /** The providers on the class path cannot form a registry (duplicate or invalid name). */
  public static final class RegistryException extends IllegalStateException {
    RegistryException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Discovered on first use; a failed discovery is retried (and fails the same way) next time. */
  private static volatile List<RoutingProtocolProvider> installed;

  private Protocols() {}

  /** Every protocol name, in registry order ({@code qbone compare-routing}'s default list). */
  public static List<String> names() {
    return installed().stream().map(RoutingProtocolProvider::name).toList();
  }

  /** The provider named {@code name}, or null when no provider on the class path has it. */
  public static RoutingProtocolProvider provider(String name) {
    for (RoutingProtocolProvider p : installed()) {
      if (p.name().equals(name)) {
        return p;
      }
    }
    return null;
  }

  public static Mode mode(String name) {
    return known(name).mode();
  }

  /** The path computation of a protocol (the controller's is load-aware, see CentralController). */
  public static RoutingProtocol create(RoutingConfig c) {
    return known(c.protocol()).create(c);
  }

  /** Whether the protocol discards delivered pairs below the request's minimum fidelity. */
  public static boolean discardsBelowMinimum(String name) {
    return known(name).discardsBelowMinimum();
  }

  private static RoutingProtocolProvider known(String name) {
    RoutingProtocolProvider p = provider(name);
    if (p == null) {
      throw new IllegalArgumentException("unknown protocol " + name + ", known: " + names());
    }
    return p;
  }

  private static List<RoutingProtocolProvider> installed() {
    List<RoutingProtocolProvider> p = installed;
    if (p == null) {
      synchronized (Protocols.class) {
        p = installed;
        if (p == null) {
          p = discover(Protocols.class.getClassLoader());
          installed = p;
        }
      }
    }
    return p;
  }

  /** The providers {@code loader} sees, in registry order. */
  static List<RoutingProtocolProvider> discover(ClassLoader loader) {
    List<RoutingProtocolProvider> found = new ArrayList<>();
    try {
      ServiceLoader.load(RoutingProtocolProvider.class, loader).forEach(found::add);
    } catch (ServiceConfigurationError e) {
      throw new RegistryException("cannot load a routing protocol provider: " + e.getMessage(), e);
    }
    return order(found);
  }

  /**
   * {@code found} in registry order.
   *
   * @throws RegistryException naming both classes when two providers share a name, or the class
   *     whose name is invalid
   */
  static List<RoutingProtocolProvider> order(List<RoutingProtocolProvider> found) {
    TreeMap<String, RoutingProtocolProvider> byName = new TreeMap<>();
    for (RoutingProtocolProvider p : found) {
      String name = p.name();
      if (name == null || !NAME.matcher(name).matches()) {
        throw new RegistryException("routing protocol provider " + p.getClass().getName()
            + " has an invalid name '" + name + "' (expected letters, digits, '.', '_', '-')",
            null);
      }
      RoutingProtocolProvider before = byName.putIfAbsent(name, p);
      if (before != null) {
        throw new RegistryException("two routing protocols are named '" + name + "': "
            + before.getClass().getName() + " and " + p.getClass().getName()
            + " (remove one of them from the class path)", null);
      }
    }
    List<RoutingProtocolProvider> ordered = new ArrayList<>(byName.values());
    ordered.sort(Comparator.comparingInt(Protocols::shippedRank)); // stable: by name within
    return List.copyOf(ordered);
  }

  /** The position of a shipped protocol in {@link ShippedProtocols#NAMES}; others come after. */
  private static int shippedRank(RoutingProtocolProvider p) {
    int i = ShippedProtocols.NAMES.indexOf(p.name());
    return i >= 0 && p.getClass().getEnclosingClass() == ShippedProtocols.class
        ? i : ShippedProtocols.NAMES.size();
  }
}
