package io.qbone.deploy.kme;

import io.qbone.node.engine.RandomStreams;
import io.qbone.qkd.kme.KmeDirectory.LinkId;
import io.qbone.qkd.pool.KeyBlockSink;
import io.qbone.qkd.pool.KeyMaterial;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The one place where key material reaches the KMEs during {@code qbone serve}.
 *
 * <p>Until the QKD network model (trusted-node relay, issue 5 items 1-3) hands its key blocks to
 * a {@link KeyBlockSink} passed to the run, this is a stand-in: every served node pair receives
 * {@code kme.material_bps} bits per virtual second of seeded random bits, in blocks of
 * {@link #BLOCK_NS} of virtual time, released when the paced virtual clock (wall time since the
 * start times the speed, as the engine's pacer runs it, capped at the run's length) passes each
 * block's end. It keeps its own clock because the engine skips virtual time in which nothing
 * happens, and a scenario need have no traffic for its KMEs to be served. Block {@code i} of a pair is the same bytes in every run with the same seed, so a restarted
 * {@code serve} re-delivers blocks the KMEs already hold and they ignore them by block ID. To
 * switch over, give the KME sink to the model and stop starting this feed.
 */
public final class KmeKeyFeed implements AutoCloseable {
  /** Virtual time one stand-in block covers. */
  public static final long BLOCK_NS = 100_000_000;

  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "kme-key-feed");
    t.setDaemon(true);
    return t;
  });
  private final List<PairStream> pairs = new ArrayList<>();
  private final LongSupplier virtualNs;
  private final KeyBlockSink sink;

  /** The deterministic block sequence of one node pair. */
  public static final class PairStream {
    private final LinkId link;
    private final int blockBytes;
    private final SplittableRandom random;
    private long next;

    public PairStream(long runSeed, LinkId link, double materialBps) {
      this.link = link;
      this.blockBytes = (int) Math.max(1, Math.floor(materialBps * BLOCK_NS / 1e9 / 8));
      this.random = RandomStreams.stream(runSeed, link.nodeA(), "kme-stand-in-" + link.nodeB());
    }

    /** The next block, whose virtual interval ends at {@link #nextEndNs()}. */
    public KeyMaterial next() {
      byte[] bits = new byte[blockBytes];
      random.nextBytes(bits);
      long id = next++;
      return new KeyMaterial(link.nodeA(), link.nodeB(), (id + 1) * BLOCK_NS, id, bits);
    }

    public long nextEndNs() {
      return (next + 1) * BLOCK_NS;
    }
  }

  private KmeKeyFeed(LongSupplier virtualNs, KeyBlockSink sink) {
    this.virtualNs = virtualNs;
    this.sink = sink;
  }

  /**
   * Starts feeding {@code sink} for every served pair of {@code section}, with virtual time
   * running at {@code speed} virtual seconds per wall second from now until {@code durationNs}.
   */
  public static KmeKeyFeed start(long runSeed, KmeSection section, double speed,
      long durationNs, KeyBlockSink sink) {
    long startWall = System.nanoTime();
    LongSupplier clock = () -> (long) Math.min(durationNs, (System.nanoTime() - startWall) * speed);
    KmeKeyFeed feed = new KmeKeyFeed(clock, sink);
    for (LinkId link : section.directory().links()) {
      feed.pairs.add(new PairStream(runSeed, link, section.materialBps()));
    }
    feed.timer.scheduleWithFixedDelay(feed::release, 0, 20, TimeUnit.MILLISECONDS);
    return feed;
  }

  private void release() {
    long now = virtualNs.getAsLong();
    for (PairStream pair : pairs) {
      while (pair.nextEndNs() <= now) {
        sink.accept(pair.next());
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
