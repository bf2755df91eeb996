package io.qbone.qkd.node;

import com.google.protobuf.ByteString;
import io.qbone.node.engine.LpContext;
import io.qbone.node.engine.LpModel;
import io.qbone.node.engine.MalformedMessageException;
import io.qbone.node.physics.BellDiagonal;
import io.qbone.protocol.v1.Fault;
import io.qbone.protocol.v1.KeyAck;
import io.qbone.protocol.v1.KeyBlock;
import io.qbone.protocol.v1.KeyChannelState;
import io.qbone.protocol.v1.KeyRelay;
import io.qbone.protocol.v1.KeyRelayFailed;
import io.qbone.protocol.v1.LpMessage;
import io.qbone.protocol.v1.LpReport;
import io.qbone.protocol.v1.QkdAlarm;
import io.qbone.qkd.link.BlockPhysics;
import io.qbone.qkd.pool.KeyMaterial;
import io.qbone.qkd.pool.KeyPool;
import io.qbone.qkd.pool.Xor;
import io.qbone.qkd.qrng.EntropySource;
import io.qbone.qkd.qrng.QrngConfig;
import io.qbone.qkd.rate.Bbm92;
import io.qbone.qkd.relay.KeyDemandConfig;
import io.qbone.qkd.relay.KeyRoutes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * A node's QKD stack (docs/qkd.md, "Key network"): the block generators of the key channels it
 * generates on, its copies of every incident channel's key pools, trusted-node relay of end-to-end
 * keys by hop-by-hop one-time pad, the key demands it sources, and its reaction to faults.
 */
public final class QkdNodeProcess implements LpModel {
  /** This model's own events (the composite node routes them here). */
  public sealed interface QkdEvent permits BlockDue, OwnBlock, DemandTick, FaultDue {}

  /** The block in progress on a channel this node generates on is complete. */
  record BlockDue(int channel, long epoch) implements QkdEvent {}

  /** The generating end's copy of a block lands, when the other end's does. */
  record OwnBlock(KeyBlock block) implements QkdEvent {}

  /** Time for the next key of a demand this node sources. */
  record DemandTick(int demand) implements QkdEvent {}

  /** A scheduled fault is due (until the engine injects faults as messages). */
  public record FaultDue(Fault fault) implements QkdEvent {}

  private final QkdPlan plan;
  private final int node;
  private final int[] channelIds;
  private final ChannelEnd[] ends;
  private final DemandSource[] sourced;
  /** Which channels this node believes usable for relay (maintained at demand sources only). */
  private final boolean[] usable;
  private final List<QkdAlarm> alarms = new ArrayList<>();
  /** Delivered end-to-end keys by (demand << 40 | key id), when the plan retains keys. */
  private final TreeMap<Long, byte[]> keys = new TreeMap<>();
  private final KeyRoutes.Path[] routeCache;
  private EntropySource entropy;
  private SplittableRandom errors;
  /** Seeds of seeded key halves (the seeded QRNG's stream for link key). */
  private SplittableRandom seeds;
  private boolean crashed;

  public QkdNodeProcess(QkdPlan plan, int node) {
    this.plan = plan;
    this.node = node;
    this.channelIds = plan.channelsOf(node);
    this.ends = new ChannelEnd[channelIds.length];
    for (int i = 0; i < ends.length; i++) {
      ends[i] = new ChannelEnd(plan.channel(channelIds[i]), node, plan.poolCapacityBytes(),
          plan.retainKeys());
    }
    List<DemandSource> mine = new ArrayList<>();
    for (int d = 0; d < plan.demands().size(); d++) {
      if (plan.demandFrom(d) == node) {
        mine.add(new DemandSource(d));
      }
    }
    this.sourced = mine.toArray(DemandSource[]::new);
    this.usable = new boolean[plan.channels().size()];
    Arrays.fill(usable, true);
    this.routeCache = new KeyRoutes.Path[plan.demands().size()];
  }

  @Override
  public void start(LpContext ctx) {
    entropy = QrngConfig.forLp(plan.sharedEntropy(), ctx);
    errors = ctx.random("qkd-errors");
    seeds = ctx.random("qrng-link-key");
    for (ChannelEnd e : ends) {
      if (e.generator && !e.channel.isBbm92()) {
        scheduleBlock(ctx, e);
      }
    }
    for (DemandSource s : sourced) {
      KeyDemandConfig d = plan.demands().get(s.demand);
      ctx.schedule(Math.round(d.startS() * 1e9), new DemandTick(s.demand));
    }
    plan.faults().start(ctx, FaultDue::new);
  }

  @Override
  public void onEvent(LpContext ctx, Object event) {
    if (crashed) {
      return;
    }
    if (event instanceof BlockDue b) {
      onBlockDue(ctx, b);
    } else if (event instanceof OwnBlock o) {
      addBlock(ctx, o.block());
    } else if (event instanceof DemandTick t) {
      onDemandTick(ctx, sourced(t.demand()));
    } else if (event instanceof FaultDue f) {
      onFault(ctx, f.fault());
    } else {
      throw new IllegalStateException("unknown event " + event);
    }
  }

  @Override
  public void onMessage(LpContext ctx, LpMessage m) {
    if (crashed) {
      return; // a crashed node neither answers nor relays
    }
    switch (m.getBodyCase()) {
      case KEY_BLOCK -> addBlock(ctx, m.getKeyBlock());
      case KEY_RELAY -> onRelay(ctx, m.getKeyRelay());
      case KEY_ACK -> onAck(m.getKeyAck());
      case KEY_RELAY_FAILED -> onRelayFailed(m.getKeyRelayFailed());
      case KEY_CHANNEL_STATE -> onChannelState(m.getKeyChannelState());
      case FAULT -> onFault(ctx, m.getFault());
      default -> throw new MalformedMessageException("QKD node " + node + " got " + m.getBodyCase());
    }
  }

  // ---- key blocks ----

  private void scheduleBlock(LpContext ctx, ChannelEnd e) {
    long tick = plan.config().tickNs();
    if (tick > 0) {
      e.lastTickNs = ctx.now();
      ctx.schedule(nextTick(ctx.now()), new BlockDue(e.channel.index(), e.epoch));
      return;
    }
    double rate = e.physics.siftedBitsPerSecond();
    if (rate > 0) {
      long dt = Math.max(1, Math.round(e.channel.blockBits() / rate * 1e9));
      ctx.schedule(ctx.now() + dt, new BlockDue(e.channel.index(), e.epoch));
    }
  }

  /** The first key-management tick strictly after {@code t}. */
  private long nextTick(long t) {
    long tick = plan.config().tickNs();
    return (t / tick + 1) * tick;
  }

  private void onBlockDue(LpContext ctx, BlockDue due) {
    ChannelEnd e = end(due.channel());
    if (due.epoch() != e.epoch || e.cut) {
      return; // generation stopped by a cut since this block was scheduled
    }
    BlockPhysics p = e.physics;
    long n = e.channel.blockBits();
    if (plan.config().tickNs() > 0) {
      // Batch post-processing: every block completed since the last tick, at this tick.
      e.siftedSinceBlock += p.siftedBitsPerSecond() * (ctx.now() - e.lastTickNs) / 1e9;
      e.lastTickNs = ctx.now();
      while (e.siftedSinceBlock >= n) {
        e.siftedSinceBlock -= n;
        double measured = (double) BlockSampler.errors(errors, n, p.qber()) / n;
        emitBlock(ctx, e, n, measured, p.secretFraction(measured));
      }
      ctx.schedule(nextTick(ctx.now()), new BlockDue(e.channel.index(), e.epoch));
      return;
    }
    double measured = (double) BlockSampler.errors(errors, n, p.qber()) / n;
    emitBlock(ctx, e, n, measured, p.secretFraction(measured));
    scheduleBlock(ctx, e);
  }

  /** A pair of a BBM92 flow this node sources was delivered: accumulate toward a block. */
  public void onPairDelivered(LpContext ctx, int flow, BellDiagonal state) {
    int c = plan.bbm92Channel(flow);
    if (crashed || c < 0) {
      return;
    }
    ChannelEnd e = end(c);
    double q = e.channel.sifting();
    e.siftedAccumulated += q;
    e.qberZSum += q * Bbm92.qberZ(state);
    e.qberXSum += q * Bbm92.qberX(state);
    long n = e.channel.blockBits();
    if (e.siftedAccumulated >= n && !e.cut) {
      double qz = Math.min(1, e.qberZSum / e.siftedAccumulated);
      double qx = Math.min(1, e.qberXSum / e.siftedAccumulated);
      double measured = (double) BlockSampler.errors(errors, n, qz) / n;
      emitBlock(ctx, e, n, measured, Bbm92.secretFraction(qx, measured));
      e.siftedAccumulated = 0;
      e.qberZSum = 0;
      e.qberXSum = 0;
    }
  }

  /**
   * Finishes a block at the generating end: abort above the threshold (alarm), else distil
   * {@code fraction} of the sifted bits into secret key, split into the two direction pools (a
   * half each, dropped for a direction whose pool is full), and send it to the other end. Both
   * copies land one channel delay from now.
   */
  private void emitBlock(LpContext ctx, ChannelEnd e, long sifted, double measured,
      double fraction) {
    boolean aborted = measured > plan.config().qberThreshold();
    // Whole bytes in each direction: secret bits rounded down to a multiple of 16.
    long secret = aborted ? 0 : (long) Math.floor(sifted * fraction) & ~15L;
    int half = (int) Math.min(Integer.MAX_VALUE - 8, secret / 16);
    KeyBlock.Builder b = KeyBlock.newBuilder().setChannel(e.channel.index())
        .setBlockId(e.nextBlockId++).setQber(measured).setSiftedBits(sifted).setAborted(aborted)
        .setSecretBits(secret);
    boolean seeded = plan.sharedEntropy() == null;
    b.setHalfBytes(half);
    if (half > 0 && !e.forward.isFull()) {
      if (seeded) {
        b.setSeededForward(true).setSeedForward(seeds.nextLong());
      } else {
        b.setBitsForward(ByteString.copyFrom(draw(half)));
      }
      e.pooledBits += 8L * half;
    }
    if (half > 0 && !e.backward.isFull()) {
      if (seeded) {
        b.setSeededBackward(true).setSeedBackward(seeds.nextLong());
      } else {
        b.setBitsBackward(ByteString.copyFrom(draw(half)));
      }
      e.pooledBits += 8L * half;
    }
    e.blocks++;
    e.siftedBits += sifted;
    e.secretBits += secret;
    e.qberSum += measured;
    e.qberSqSum += measured * measured;
    if (e.channel.link() >= 0) {
      plan.telemetry().keyGenerated(e.channel.link(), ctx.now(), secret, measured);
    }
    if (aborted) {
      e.blocksAborted++;
      if (!e.alarmed) {
        e.alarmed = true;
        alarm(ctx, e.channel, "eavesdropper", String.format(java.util.Locale.ROOT,
            "block QBER %.4f above the abort threshold %.4f", measured,
            plan.config().qberThreshold()));
        announce(ctx, e, "eavesdropper");
      }
    } else if (e.alarmed) {
      e.alarmed = false;
      announce(ctx, e, "alarm cleared");
    }
    KeyBlock block = b.build();
    // Both copies land after the classical post-processing exchange: one channel delay, or with
    // a key-management tick at the first tick after that.
    long land = ctx.now() + e.channel.delayNs();
    long tick = plan.config().tickNs();
    if (tick > 0 && land % tick != 0) {
      land = nextTick(land);
    }
    ctx.send(e.channel.b(), land - ctx.now(), LpMessage.newBuilder().setKeyBlock(block));
    ctx.schedule(land, new OwnBlock(block));
  }

  private byte[] draw(int bytes) {
    byte[] out = new byte[bytes];
    entropy.nextBytes(out);
    return out;
  }

  /** Both ends add a block's bits to their pools at the same virtual time. */
  private void addBlock(LpContext ctx, KeyBlock block) {
    ChannelEnd e = end(block.getChannel());
    if (block.getSeededForward()) {
      e.forward.addSeeded(block.getSeedForward(), block.getHalfBytes());
    } else {
      e.forward.add(block.getBitsForward().toByteArray());
    }
    if (block.getSeededBackward()) {
      e.backward.addSeeded(block.getSeedBackward(), block.getHalfBytes());
    } else {
      e.backward.add(block.getBitsBackward().toByteArray());
    }
    if (e.generator) {
      reportPool(ctx, e);
    }
  }

  private void reportPool(LpContext ctx, ChannelEnd e) {
    plan.telemetry().keyPoolLevel(Math.min(e.channel.a(), e.channel.b()),
        Math.max(e.channel.a(), e.channel.b()), ctx.now(),
        8 * (e.forward.levelBytes() + e.backward.levelBytes()));
  }

  // ---- trusted-node relay ----

  private void onDemandTick(LpContext ctx, DemandSource s) {
    KeyDemandConfig d = plan.demands().get(s.demand);
    ctx.schedule(ctx.now() + d.intervalNs(), new DemandTick(s.demand));
    s.requested++;
    KeyRoutes.Path path = routeCache[s.demand];
    if (path == null) {
      path = plan.routes().find(node, plan.demandTo(s.demand), usable);
      routeCache[s.demand] = path;
    }
    if (path == null) {
      s.blockedNoRoute++;
      return;
    }
    int bytes = d.keyBits() / 8;
    ChannelEnd first = end(path.channels()[0]);
    if (first.cut || first.outbound().levelBytes() < bytes) {
      s.blockedNoKey++;
      return;
    }
    byte[] key = draw(bytes);
    long keyId = s.nextKeyId++;
    s.pending.put(keyId, new DemandSource.Pending(key, ctx.now(), path));
    KeyRelay.Builder relay = KeyRelay.newBuilder().setDemand(s.demand).setKeyId(keyId)
        .setRequestedAtNs(ctx.now());
    for (int v : path.nodes()) {
      relay.addPathNodes(v);
    }
    for (int c : path.channels()) {
      relay.addPathChannels(c);
    }
    forward(ctx, relay, 1, first, key);
  }

  /** Encrypts {@code key} with this end's outbound link key and sends it to path hop {@code hop}. */
  private void forward(LpContext ctx, KeyRelay.Builder relay, int hop, ChannelEnd e, byte[] key) {
    KeyPool out = e.outbound();
    long offset = out.headOffset();
    byte[] pad = out.take(key.length);
    e.relayBytesOut += key.length;
    relay.setHop(hop).setOffset(offset).setCiphertext(ByteString.copyFrom(Xor.of(key, pad)));
    ctx.send(relay.getPathNodes(hop), e.channel.delayNs(), LpMessage.newBuilder().setKeyRelay(relay));
  }

  private void onRelay(LpContext ctx, KeyRelay r) {
    int hop = r.getHop();
    if (hop < 1 || hop >= r.getPathNodesCount() || r.getPathNodes(hop) != node
        || r.getPathChannelsCount() != r.getPathNodesCount() - 1) {
      throw new MalformedMessageException("key relay for hop " + hop + " reached node " + node);
    }
    ChannelEnd in = end(r.getPathChannels(hop - 1));
    int bytes = r.getCiphertext().size();
    KeyPool pool = in.inbound();
    // The sender spent these bytes at this offset; this end's copy must be at the same place.
    if (r.getOffset() != pool.headOffset() || pool.levelBytes() < bytes) {
      throw new MalformedMessageException("key relay on channel " + in.channel.name()
          + " spends offset " + r.getOffset() + " but node " + node + " is at "
          + pool.headOffset() + " holding " + pool.levelBytes() + " bytes");
    }
    byte[] key = Xor.of(r.getCiphertext().toByteArray(), pool.take(bytes));
    int source = r.getPathNodes(0);
    long back = delayBack(r, hop);
    if (hop == r.getPathNodesCount() - 1) {
      if (plan.retainKeys()) {
        keys.put(keyRef(r.getDemand(), r.getKeyId()), key);
      }
      ctx.send(source, back, LpMessage.newBuilder().setKeyAck(KeyAck.newBuilder()
          .setDemand(r.getDemand()).setKeyId(r.getKeyId()).setDeliveredAtNs(ctx.now())));
      return;
    }
    ChannelEnd next = end(r.getPathChannels(hop));
    if (next.cut || next.outbound().levelBytes() < bytes) {
      ctx.send(source, back, LpMessage.newBuilder().setKeyRelayFailed(KeyRelayFailed.newBuilder()
          .setDemand(r.getDemand()).setKeyId(r.getKeyId()).setAtNode(node)
          .setChannel(next.channel.index())));
      return;
    }
    forward(ctx, r.toBuilder(), hop + 1, next, key);
  }

  /** Delay from path position {@code hop} back to the source along the path. */
  private long delayBack(KeyRelay r, int hop) {
    long d = 0;
    for (int i = 0; i < hop; i++) {
      d += plan.channel(r.getPathChannels(i)).delayNs();
    }
    return d;
  }

  private static long keyRef(int demand, long keyId) {
    return (long) demand << 40 | keyId;
  }

  private void onAck(KeyAck a) {
    DemandSource s = sourced(a.getDemand());
    DemandSource.Pending p = s.pending.remove(a.getKeyId());
    if (p == null) {
      throw new MalformedMessageException("ack for unknown key " + a.getKeyId());
    }
    s.recordDelivery(p, a.getDeliveredAtNs());
    long ref = keyRef(a.getDemand(), a.getKeyId());
    if (plan.retainKeys()) {
      keys.put(ref, p.key());
    }
    int other = plan.demandTo(a.getDemand());
    plan.sink().accept(new KeyMaterial(Math.min(node, other), Math.max(node, other),
        a.getDeliveredAtNs(), ref, p.key()));
  }

  private void onRelayFailed(KeyRelayFailed f) {
    DemandSource s = sourced(f.getDemand());
    if (s.pending.remove(f.getKeyId()) == null) {
      throw new MalformedMessageException("relay failure for unknown key " + f.getKeyId());
    }
    s.failedInRelay++;
  }

  // ---- channel state, alarms and faults ----

  private void onChannelState(KeyChannelState st) {
    if (st.getChannel() < 0 || st.getChannel() >= usable.length) {
      throw new MalformedMessageException("state of unknown key channel " + st.getChannel());
    }
    usable[st.getChannel()] = st.getUsable();
    Arrays.fill(routeCache, null);
  }

  /** Tells every key demand source whether the channel is usable, over the fibre network. */
  private void announce(LpContext ctx, ChannelEnd e, String reason) {
    KeyChannelState st = KeyChannelState.newBuilder().setChannel(e.channel.index())
        .setUsable(e.usable()).setReason(reason).build();
    int[] sources = plan.demandSources();
    for (int i = 0; i < sources.length; i++) {
      if (sources[i] == node) {
        onChannelState(st);
      } else if (plan.delayToSource(i, node) != Long.MAX_VALUE) {
        ctx.send(sources[i], plan.delayToSource(i, node),
            LpMessage.newBuilder().setKeyChannelState(st));
      }
    }
  }

  private void alarm(LpContext ctx, KeyChannel c, String kind, String message) {
    alarms.add(QkdAlarm.newBuilder().setAtNs(ctx.now()).setChannel(c == null ? -1 : c.index())
        .setKind(kind).setMessage(message).setNode(node).build());
    String subject = c == null ? plan.network().topology().node(node).name() : c.name();
    plan.telemetry().alarm(ctx.now(), kind, subject, message);
  }

  private void onFault(LpContext ctx, Fault f) {
    switch (f.getKindCase()) {
      case EAVESDROP -> {
        double fraction = f.getEavesdrop().getFraction();
        if (!(fraction >= 0 && fraction <= 1)) {
          throw new MalformedMessageException("eavesdrop fraction " + fraction + " not in [0, 1]");
        }
        ChannelEnd e = linkEnd(f.getEavesdrop().getLink());
        if (e != null && e.generator) {
          e.eveFraction = fraction;
          e.physics = e.channel.model().physics(fraction);
        }
      }
      case LINK_CUT -> {
        ChannelEnd e = linkEnd(f.getLinkCut().getLink());
        if (e != null && !e.cut) {
          e.cut = true;
          e.epoch++;
          if (e.generator) {
            alarm(ctx, e.channel, "link-cut", "fibre cut: no key generation or relay");
            announce(ctx, e, "link-cut");
          }
        }
      }
      case LINK_RESTORE -> {
        ChannelEnd e = linkEnd(f.getLinkRestore().getLink());
        if (e != null && e.cut) {
          e.cut = false;
          if (e.generator) {
            scheduleBlock(ctx, e);
            announce(ctx, e, "link-restore");
          }
        }
      }
      case NODE_CRASH -> {
        if (f.getNodeCrash().getNode() == node) {
          crashed = true;
          alarm(ctx, null, "node-crash", "node stopped: no key generation, relay or answers");
        }
      }
      default -> throw new MalformedMessageException("fault without a kind");
    }
  }

  /** This node's end of the QKD link on topology link {@code link}, or null (not a QKD link here). */
  private ChannelEnd linkEnd(int link) {
    for (ChannelEnd e : ends) {
      if (e.channel.link() == link) {
        return e;
      }
    }
    return null;
  }

  private ChannelEnd end(int channel) {
    int i = Arrays.binarySearch(channelIds, channel);
    if (i < 0) {
      throw new MalformedMessageException("node " + node + " is not on key channel " + channel);
    }
    return ends[i];
  }

  private DemandSource sourced(int demand) {
    for (DemandSource s : sourced) {
      if (s.demand == demand) {
        return s;
      }
    }
    throw new MalformedMessageException("node " + node + " does not source key demand " + demand);
  }

  @Override
  public void report(LpReport.Builder report) {
    for (ChannelEnd e : ends) {
      report.addQkdChannels(e.report());
    }
    for (DemandSource s : sourced) {
      report.addQkdDemands(s.report());
    }
    report.addAllQkdAlarms(alarms);
  }

  // ---- for checks: both ends' copies of pools and keys ----

  /** This node's copy of a channel's pool in one direction (forward: a towards b). */
  public KeyPool pool(int channel, boolean forward) {
    ChannelEnd e = end(channel);
    return forward ? e.forward : e.backward;
  }

  /** Delivered keys by (demand << 40 | key id); empty unless the plan retains keys. */
  public TreeMap<Long, byte[]> deliveredKeys() {
    return keys;
  }
}
