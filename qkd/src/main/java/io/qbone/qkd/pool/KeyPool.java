package io.qbone.qkd.pool;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * One direction of a key channel's pool at one end: a FIFO byte stream of secret key. Bits are
 * added when a block lands (at the same virtual time at both ends) and spent from the front, the
 * sender of a relay first and its receiver one channel delay later, at the same stream offset.
 * So the two ends' copies are the same stream, each end's front being where it has spent up to.
 */
public final class KeyPool {
  private final long capacityBytes;
  /** Unspent key, oldest first: byte[] (drawn bits) or SeededBytes (bits defined by a seed). */
  private final ArrayDeque<Object> chunks = new ArrayDeque<>();
  /** Bytes of the first chunk already spent. */
  private int headUsed;
  private long addedBytes;
  private long spentBytes;
  /** Every byte ever added, when kept for checks (tests compare both ends' streams). */
  private final java.io.ByteArrayOutputStream history;

  public KeyPool(long capacityBytes) {
    this(capacityBytes, false);
  }

  public KeyPool(long capacityBytes, boolean keepHistory) {
    if (capacityBytes <= 0) {
      throw new IllegalArgumentException("pool capacity must be > 0 bytes, got " + capacityBytes);
    }
    this.capacityBytes = capacityBytes;
    this.history = keepHistory ? new java.io.ByteArrayOutputStream() : null;
  }

  public long capacityBytes() {
    return capacityBytes;
  }

  /** Bytes held now. */
  public long levelBytes() {
    return addedBytes - spentBytes;
  }

  public boolean isFull() {
    return levelBytes() >= capacityBytes;
  }

  /** Stream offset of the next byte to spend (= bytes spent so far). */
  public long headOffset() {
    return spentBytes;
  }

  /** Bytes ever added: the stream offset just past the last byte. */
  public long addedBytes() {
    return addedBytes;
  }

  public void add(byte[] bytes) {
    if (bytes.length > 0) {
      chunks.addLast(bytes.clone());
      addedBytes += bytes.length;
      if (history != null) {
        history.writeBytes(bytes);
      }
    }
  }

  /** Adds {@code length} bytes of key defined by {@code seed} (see {@link SeededBytes}). */
  public void addSeeded(long seed, int length) {
    if (length > 0) {
      SeededBytes s = new SeededBytes(seed, length);
      chunks.addLast(s);
      addedBytes += length;
      if (history != null) {
        history.writeBytes(s.all());
      }
    }
  }

  /**
   * Removes and returns the next {@code n} bytes, which must be held ({@link #levelBytes()}).
   */
  public byte[] take(int n) {
    if (n > levelBytes()) {
      throw new IllegalStateException("pool holds " + levelBytes() + " bytes, asked for " + n);
    }
    byte[] out = new byte[n];
    int done = 0;
    while (done < n) {
      Object head = chunks.peekFirst();
      if (head instanceof SeededBytes s) {
        int k = Math.min(n - done, s.remaining());
        s.read(out, done, k);
        done += k;
        if (s.remaining() == 0) {
          chunks.pollFirst();
        }
        continue;
      }
      byte[] b = (byte[]) head;
      int k = Math.min(n - done, b.length - headUsed);
      System.arraycopy(b, headUsed, out, done, k);
      done += k;
      headUsed += k;
      if (headUsed == b.length) {
        chunks.pollFirst();
        headUsed = 0;
      }
    }
    spentBytes += n;
    return out;
  }

  /** Every byte ever added, in order, or null when the pool keeps no history. */
  public byte[] history() {
    return history == null ? null : history.toByteArray();
  }

  /** The unspent bytes, front first (a copy; for checks and tests). */
  public byte[] contents() {
    byte[] out = new byte[(int) levelBytes()];
    int at = 0;
    boolean first = true;
    for (Object o : chunks) {
      if (o instanceof SeededBytes s) {
        byte[] all = s.all();
        int from = all.length - s.remaining();
        System.arraycopy(all, from, out, at, all.length - from);
        at += all.length - from;
      } else {
        byte[] c = (byte[]) o;
        int from = first ? headUsed : 0;
        System.arraycopy(c, from, out, at, c.length - from);
        at += c.length - from;
      }
      first = false;
    }
    return out;
  }

  /**
   * The unspent bytes from stream offset {@code from} on, or null when they were already spent
   * here. Lets two ends that have spent different amounts compare the part both still hold.
   */
  public byte[] contentsFrom(long from) {
    if (from < spentBytes) {
      return null;
    }
    byte[] all = contents();
    return Arrays.copyOfRange(all, (int) (from - spentBytes), all.length);
  }
}
