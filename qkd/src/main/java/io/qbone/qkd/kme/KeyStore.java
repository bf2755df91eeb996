package io.qbone.qkd.kme;

import java.util.ArrayDeque;

/** A FIFO of key bytes: blocks go in at the tail, keys are cut from the head. */
final class KeyStore {
  private final ArrayDeque<byte[]> blocks = new ArrayDeque<>();
  private int headOffset;
  private long bytes;

  void add(byte[] block) {
    if (block.length > 0) {
      blocks.addLast(block);
      bytes += block.length;
    }
  }

  /** Every byte held, in the order {@link #take} hands them out (a copy). */
  byte[] contents() {
    byte[] out = new byte[(int) bytes];
    int filled = 0;
    int offset = headOffset;
    for (byte[] block : blocks) {
      System.arraycopy(block, offset, out, filled, block.length - offset);
      filled += block.length - offset;
      offset = 0;
    }
    return out;
  }

  long bits() {
    return bytes * 8;
  }

  /** Removes and returns the next {@code n} bytes; the caller checked that they are there. */
  byte[] take(int n) {
    if (n > bytes) {
      throw new IllegalStateException("store holds " + bytes + " bytes, asked for " + n);
    }
    byte[] out = new byte[n];
    int filled = 0;
    while (filled < n) {
      byte[] head = blocks.peekFirst();
      int chunk = Math.min(n - filled, head.length - headOffset);
      System.arraycopy(head, headOffset, out, filled, chunk);
      filled += chunk;
      headOffset += chunk;
      if (headOffset == head.length) {
        blocks.removeFirst();
        headOffset = 0;
      }
    }
    bytes -= n;
    return out;
  }
}
