package io.qbone.deploy.kme;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.apache.pekko.http.javadsl.ConnectionContext;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;

/**
 * Serves a {@link KmeApi} over HTTPS with required client certificates, on 127.0.0.1 unless
 * told otherwise.
 */
public final class KmeHttpServer implements AutoCloseable {
  public static final String HOST = "127.0.0.1";

  private final ServerBinding binding;

  private KmeHttpServer(ServerBinding binding) {
    this.binding = binding;
  }

  /**
   * Binds the API; {@code port} 0 lets the OS choose (see {@link #port()}).
   *
   * @param tls the server's identity and the CA that signs SAE certificates
   */
  public static KmeHttpServer start(KmeService kme, KmeApi api, SSLContext tls, int port)
      throws Exception {
    return start(kme, api, tls, HOST, port);
  }

  /**
   * Binds the API on {@code host}. There is no plain-HTTP mode: keys travel only over TLS with
   * a client certificate, so any address, loopback or a pod's IP, is as safe as the other.
   */
  public static KmeHttpServer start(KmeService kme, KmeApi api, SSLContext tls, String host,
      int port) throws Exception {
    var https = ConnectionContext.httpsServer(() -> {
      SSLEngine engine = tls.createSSLEngine();
      engine.setUseClientMode(false);
      engine.setNeedClientAuth(true); // no certificate, no handshake
      return engine;
    });
    ServerBinding binding = Http.get(kme.system()).newServerAt(host, port)
        .enableHttps(https)
        .bind(api::handle)
        .toCompletableFuture().get(30, TimeUnit.SECONDS);
    return new KmeHttpServer(binding);
  }

  public int port() {
    InetSocketAddress address = binding.localAddress();
    return address.getPort();
  }

  @Override
  public void close() throws Exception {
    binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }
}
