package io.qbone.qkd.pool;

import java.util.Arrays;
import java.util.Objects;

/**
 * End-to-end key material that leaves the emulation for applications (e.g. a KME): the same bits
 * are held by both nodes, so one record stands for both ends.
 *
 * @param nodeA the smaller node index of the pair
 * @param nodeB the larger node index of the pair
 * @param atNs virtual time the key was delivered at both ends, in nanoseconds
 * @param blockId identifier of this key block, unique per (nodeA, nodeB) pair
 * @param bits the key bits packed 8 per byte, most significant bit first; identical at both ends
 */
public record KeyMaterial(int nodeA, int nodeB, long atNs, long blockId, byte[] bits) {
  public KeyMaterial {
    if (nodeA >= nodeB) {
      throw new IllegalArgumentException("nodeA must be < nodeB, got " + nodeA + ", " + nodeB);
    }
    Objects.requireNonNull(bits, "bits");
    bits = bits.clone();
  }

  @Override
  public byte[] bits() {
    return bits.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KeyMaterial k
        && nodeA == k.nodeA
        && nodeB == k.nodeB
        && atNs == k.atNs
        && blockId == k.blockId
        && Arrays.equals(bits, k.bits);
  }

  @Override
  public int hashCode() {
    return Objects.hash(nodeA, nodeB, atNs, blockId, Arrays.hashCode(bits));
  }

  @Override
  public String toString() {
    return "KeyMaterial[" + nodeA + "-" + nodeB + " block " + blockId + " at " + atNs + " ns, "
        + bits.length + " bytes]";
  }
}
