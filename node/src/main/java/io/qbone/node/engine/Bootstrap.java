package io.qbone.node.engine;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a node forms or joins its cluster through Pekko Management Cluster Bootstrap instead of
 * seed nodes: it serves Pekko Management HTTP (bootstrap probes, read-only cluster routes, the
 * health checks {@code /ready} and {@code /alive}) on its management port, discovers the other
 * nodes' management endpoints ("contact points"), and either joins the cluster one of them is
 * in or, when none is in a cluster yet, the node with the lowest contact point forms it
 * (Pekko's {@code LowestAddressJoinDecider}) once {@code requiredContacts} were seen and the set
 * was stable for Pekko's stable margin (5 s by default).
 *
 * <p>Two discovery methods: {@link Method#CONFIG} lists the contact points (hosts without
 * Kubernetes); {@link Method#KUBERNETES_API} lists the pods labelled {@code
 * app.kubernetes.io/name=qbone} through the Kubernetes API and takes each pod's IP and its
 * container port named {@code management}. The API server comes from {@code
 * KUBERNETES_SERVICE_HOST}/{@code KUBERNETES_SERVICE_PORT}, the namespace, token and CA from the
 * service account's files; any {@code pekko.discovery.kubernetes-api.*} key can be overridden
 * with {@code -D} (tests point them at a stand-in).
 *
 * @param method how contact points are discovered
 * @param managementPort port of this node's Pekko Management HTTP endpoint
 * @param contactPoints {@code host:port} management endpoints (config discovery only)
 * @param requiredContacts contact points that must be seen before a new cluster is formed
 */
public record Bootstrap(Method method, int managementPort, List<String> contactPoints,
    int requiredContacts) {
  /** Service name of the discovery lookup; with Kubernetes, the pods' label value. */
  public static final String SERVICE_NAME = "qbone";
  /** Pod label the Kubernetes API discovery selects on ({@code %s}: the service name). */
  public static final String POD_LABEL_SELECTOR = "app.kubernetes.io/name=%s";
  /** Name of the container port that is the management endpoint in the pod spec. */
  public static final String PORT_NAME = "management";
  /** Pekko Management's own default port. */
  public static final int DEFAULT_MANAGEMENT_PORT = 7626;

  /** How contact points are discovered. */
  public enum Method {
    CONFIG("config"),
    KUBERNETES_API("kubernetes-api");

    private final String option;

    Method(String option) {
      this.option = option;
    }

    /** The name on the command line and in Pekko's configuration. */
    public String option() {
      return option;
    }

    /**
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Method of(String option) {
      for (Method m : values()) {
        if (m.option.equals(option.toLowerCase(Locale.ROOT))) {
          return m;
        }
      }
      throw new IllegalArgumentException("--bootstrap must be kubernetes-api or config, got '"
          + option + "'");
    }
  }

  /**
   * @throws IllegalArgumentException with a one-line reason for a bad port, count or contact
   *     point, or contact points given or missing for the method
   */
  public Bootstrap {
    if (managementPort < 1 || managementPort > 65535) {
      throw new IllegalArgumentException("--management-port must be a port in 1..65535, got "
          + managementPort);
    }
    if (requiredContacts < 1) {
      throw new IllegalArgumentException("--required-contacts must be >= 1, got "
          + requiredContacts);
    }
    contactPoints = List.copyOf(contactPoints);
    if (method == Method.CONFIG && contactPoints.isEmpty()) {
      throw new IllegalArgumentException(
          "--bootstrap config needs --contact-points HOST:MANAGEMENT-PORT,...");
    }
    if (method == Method.KUBERNETES_API && !contactPoints.isEmpty()) {
      throw new IllegalArgumentException("--contact-points is for --bootstrap config; "
          + "kubernetes-api discovers them from the pod list");
    }
    for (String c : contactPoints) {
      HostPort.parse("contact point", c);
    }
  }

  /** One line for messages: how this node looks for its cluster. */
  public String describe() {
    return method == Method.CONFIG
        ? "bootstrap with config discovery (contact points " + String.join(",", contactPoints)
            + ")"
        : "bootstrap with Kubernetes API discovery (pods labelled "
            + String.format(Locale.ROOT, POD_LABEL_SELECTOR, SERVICE_NAME) + ", port "
            + PORT_NAME + ")";
  }

  /** Pekko configuration of management, bootstrap and discovery for a node on {@code host}. */
  Config config(String host) {
    List<String> lines = new ArrayList<>(List.of(
        "pekko.management.http.port = " + managementPort,
        "pekko.management.http.bind-port = " + managementPort,
        // The cluster routes answer GETs only: a management port reachable in a pod network
        // must not let anyone down or remove members.
        "pekko.management.http.route-providers-read-only = true",
        "pekko.management.cluster.bootstrap.contact-point-discovery.service-name = "
            + SERVICE_NAME,
        "pekko.management.cluster.bootstrap.contact-point-discovery.discovery-method = "
            + method.option(),
        "pekko.management.cluster.bootstrap.contact-point-discovery.required-contact-point-nr = "
            + requiredContacts,
        "pekko.discovery.kubernetes-api.pod-label-selector = \"" + POD_LABEL_SELECTOR + "\"",
        // Pod IPs, not pod DNS names: they need no cluster DNS and equal the node's own host.
        "pekko.discovery.kubernetes-api.use-raw-ip = true"));
    if (method == Method.KUBERNETES_API) {
      lines.add("pekko.management.cluster.bootstrap.contact-point-discovery.port-name = "
          + PORT_NAME);
    } else {
      // Several nodes of one host have different management ports: keep every listed one.
      lines.add("pekko.management.cluster.bootstrap.contact-point.filter-on-fallback-port = off");
    }
    List<Map<String, Object>> endpoints = new ArrayList<>();
    for (String c : contactPoints) {
      HostPort hp = HostPort.parse("contact point", c);
      endpoints.add(Map.of("host", hp.host(), "port", hp.port()));
    }
    return ConfigFactory.parseString(String.join("\n", lines))
        .withValue("pekko.management.http.hostname", ConfigValueFactory.fromAnyRef(host))
        .withValue("pekko.management.http.bind-hostname", ConfigValueFactory.fromAnyRef(host))
        .withValue("pekko.discovery.config.services." + SERVICE_NAME + ".endpoints",
            ConfigValueFactory.fromIterable(endpoints));
  }
}
