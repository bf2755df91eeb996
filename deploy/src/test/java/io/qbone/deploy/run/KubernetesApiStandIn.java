package io.qbone.deploy.run;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.qbone.deploy.kme.DevPki;
import io.qbone.node.engine.Bootstrap;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import org.bouncycastle.asn1.x509.GeneralName;

/**
 * A Kubernetes API server for tests: fabric8's mock server in CRUD mode (pods created through
 * the fabric8 client are listed back with label selectors, as the real API server does) behind
 * a TLS front on {@code address}, because Pekko's Kubernetes discovery speaks only HTTPS and
 * checks the server's certificate against the service account's CA file. The front's
 * certificate names {@code address} and is signed by a test CA written to {@link #caFile()};
 * {@link #tokenFile()} plays the service account token.
 */
final class KubernetesApiStandIn implements AutoCloseable {
  static final String NAMESPACE = "qbone-test";

  private final KubernetesMockServer api;
  private final NamespacedKubernetesClient client;
  private final SSLServerSocket front;
  private final Thread acceptor;
  private final Path caFile;
  private final Path tokenFile;

  /**
   * @param address where the TLS front listens (reachable from the members' namespaces)
   * @param dir where the CA and token files go
   */
  KubernetesApiStandIn(String address, Path dir) throws Exception {
    api = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
        new JsonCrudDispatcher(), false);
    api.init(InetAddress.getLoopbackAddress(), 0);
    client = api.createClient();
    DevPki pki = new DevPki();
    KeyStore identity = pki.serverIdentity(new GeneralName(GeneralName.iPAddress, address));
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(identity, DevPki.PASSWORD);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keys.getKeyManagers(), null, null);
    front = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket();
    front.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
    caFile = dir.resolve("ca.crt");
    Files.writeString(caFile, "-----BEGIN CERTIFICATE-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
            .encodeToString(pki.caCertificate().getEncoded())
        + "\n-----END CERTIFICATE-----\n");
    tokenFile = dir.resolve("token");
    Files.writeString(tokenFile, "qbone-test-token");
    acceptor = new Thread(this::accept, "k8s-api-front");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /**
   * The CRUD dispatcher, answering with the content type the real API server sends: the mock
   * leaves it out, and Pekko's discovery rightly accepts only {@code application/json}.
   */
  private static final class JsonCrudDispatcher extends KubernetesCrudDispatcher {
    JsonCrudDispatcher() {
      super(List.of());
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      MockResponse response = super.dispatch(request);
      if (response.header("Content-Type") == null) {
        response.setHeader("Content-Type", "application/json");
      }
      return response;
    }
  }

  int port() {
    return front.getLocalPort();
  }

  Path caFile() {
    return caFile;
  }

  Path tokenFile() {
    return tokenFile;
  }

  /** What a member process needs to find this API server: environment and -D options. */
  Map<String, String> environment() {
    return Map.of("KUBERNETES_SERVICE_HOST", front.getInetAddress().getHostAddress(),
        "KUBERNETES_SERVICE_PORT", Integer.toString(port()));
  }

  List<String> javaOptions() {
    return List.of("-Dpekko.discovery.kubernetes-api.api-ca-path=" + caFile,
        "-Dpekko.discovery.kubernetes-api.api-token-path=" + tokenFile,
        "-Dpekko.discovery.kubernetes-api.pod-namespace=" + NAMESPACE);
  }

  /**
   * Adds a running member pod as the kubelet would report it: labelled for discovery, its IP,
   * its container port named {@code management}. Not Ready: its readiness probe (/ready) fails
   * until it has joined, and discovery must not wait for readiness.
   */
  void addMemberPod(String name, String ip, int managementPort) {
    Pod pod = new PodBuilder()
        .withNewMetadata().withName(name).withNamespace(NAMESPACE)
            .addToLabels("app.kubernetes.io/name", Bootstrap.SERVICE_NAME).endMetadata()
        .withNewSpec().addNewContainer().withName("qbone").withImage("qbone")
            .addNewPort().withName(Bootstrap.PORT_NAME).withContainerPort(managementPort)
                .withProtocol("TCP").endPort()
            .addNewPort().withName("remoting").withContainerPort(25520).withProtocol("TCP")
                .endPort()
            .endContainer().endSpec()
        .withNewStatus().withPhase("Running").withPodIP(ip)
            .addNewCondition().withType("Ready").withStatus("False").endCondition()
            .endStatus()
        .build();
    client.pods().inNamespace(NAMESPACE).resource(pod).create();
    Pod stored = client.pods().inNamespace(NAMESPACE).withName(name).get();
    if (stored.getStatus() == null || stored.getStatus().getPodIP() == null) {
      // Status is a subresource: a create may drop it, as the real API server does.
      client.pods().inNamespace(NAMESPACE).resource(pod).updateStatus();
    }
  }

  /** Pods the API lists for the discovery's label selector. */
  List<Pod> memberPods() {
    return client.pods().inNamespace(NAMESPACE)
        .withLabel("app.kubernetes.io/name", Bootstrap.SERVICE_NAME).list().getItems();
  }

  private void accept() {
    while (!front.isClosed()) {
      try {
        Socket outside = front.accept();
        Socket inside = new Socket(InetAddress.getLoopbackAddress(), api.getPort());
        pump(outside.getInputStream(), inside.getOutputStream(), outside, inside);
        pump(inside.getInputStream(), outside.getOutputStream(), outside, inside);
      } catch (IOException e) {
        // Closed, or one connection failed: the client sees it and retries.
      }
    }
  }

  private static void pump(InputStream from, OutputStream to, Socket a, Socket b) {
    Thread t = new Thread(() -> {
      try (a; b) {
        from.transferTo(to);
      } catch (IOException e) {
        // The other side closed.
      }
    }, "k8s-api-pump");
    t.setDaemon(true);
    t.start();
  }

  @Override
  public void close() throws IOException {
    front.close();
    client.close();
    api.destroy();
  }
}
