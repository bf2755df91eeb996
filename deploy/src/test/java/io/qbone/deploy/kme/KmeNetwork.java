package io.qbone.deploy.kme;

import io.qbone.qkd.kme.KmeDirectory;
import io.qbone.qkd.kme.KmeLimits;
import io.qbone.qkd.pool.KeyMaterial;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A test network of three nodes A, B, C with SAEs alice@A, bob@B, carol@C and eve@C; served pairs
 * alice-bob and alice-carol; KMEs journaling to an H2 file and serving HTTPS on a free port.
 */
final class KmeNetwork implements AutoCloseable {
  static final KmeLimits LIMITS = new KmeLimits(256, 64, 1024, 16, 1024 * 1024 * 8);
  static final KmeDirectory DIRECTORY = new KmeDirectory(List.of("A", "B", "C"),
      Map.of("alice", 0, "bob", 1, "carol", 2, "eve", 2),
      List.of(List.of("alice", "bob"), List.of("alice", "carol")));

  final DevPki pki;
  final KmeService kme;
  final KmeHttpServer server;

  KmeNetwork(DevPki pki, KmeJournal journal) throws Exception {
    this.pki = pki;
    this.kme = KmeService.start(DIRECTORY, LIMITS, 11, journal);
    try {
      this.server = KmeHttpServer.start(kme, new KmeApi(kme, LIMITS.keySizeBits()),
          KmeTls.context(pki.serverIdentity(), DevPki.PASSWORD, pki.trustStore()), 0);
    } catch (Exception e) {
      kme.close();
      throw e;
    }
  }

  static KmeNetwork onH2(DevPki pki, Path dir) throws Exception {
    return new KmeNetwork(pki, KmeJournal.h2(dir.resolve("kme")));
  }

  SaeClient client(String sae) throws Exception {
    return SaeClient.of(pki, sae, server.port());
  }

  /** Deterministic material: block {@code id} of a pair is the same bytes every time. */
  static KeyMaterial block(int nodeA, int nodeB, long id, int bytes) {
    byte[] bits = new byte[bytes];
    new SplittableRandom(id * 31 + nodeA * 7L + nodeB).nextBytes(bits);
    return new KeyMaterial(nodeA, nodeB, id * 1000, id, bits);
  }

  @Override
  public void close() throws Exception {
    try {
      server.close();
    } finally {
      kme.close();
    }
  }
}
