package io.qbone.qkd.node;

import io.qbone.qkd.link.LinkKeyModel;

/**
 * Two nodes that share a key pool: a QKD link, or a BBM92 flow's two ends. End {@code a}
 * generates the blocks; pool direction "forward" is the key a spends towards b.
 *
 * @param index channel number (QKD links first, in scenario order, then BBM92 flows)
 * @param a generating end
 * @param b other end
 * @param delayNs classical delay between the ends (fibre, or the flow's routed path)
 * @param link topology link of a QKD link, else -1
 * @param flow entanglement flow of a BBM92 channel, else -1
 * @param model key physics of a QKD link, else null
 * @param blockBits sifted bits per block
 * @param sifting BBM92 sifted bits per delivered pair (unused for QKD links)
 * @param name "A-B", for results and alarms
 * @param technology as written in the scenario, or "bbm92"
 */
public record KeyChannel(int index, int a, int b, long delayNs, int link, int flow,
    LinkKeyModel model, long blockBits, double sifting, String name, String technology) {

  public int other(int node) {
    return node == a ? b : a;
  }

  public boolean isBbm92() {
    return flow >= 0;
  }
}
