package io.qbone.deploy.kme;

import io.qbone.qkd.kme.KmeDirectory;
import io.qbone.qkd.kme.KmeLimits;

/**
 * The scenario's {@code kme:} section: which SAE sits at which node, which SAE pairs share keys,
 * the KMEs' limits, and the rate of the stand-in key source ({@link KmeKeyFeed}).
 *
 * @param materialBps key bits per virtual second the stand-in source gives each served pair
 */
public record KmeSection(KmeDirectory directory, KmeLimits limits, double materialBps) {
  /** Default stand-in rate: 100 kbit/s, the order of a metro-distance BB84 link's secret key. */
  public static final double DEFAULT_MATERIAL_BPS = 100_000;
}
