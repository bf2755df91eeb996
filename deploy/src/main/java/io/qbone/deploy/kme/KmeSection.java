package io.qbone.deploy.kme;

import io.qbone.qkd.kme.KmeDirectory;
import io.qbone.qkd.kme.KmeDirectory.LinkId;
import io.qbone.qkd.kme.KmeLimits;
import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The scenario's {@code kme:} section: which SAE sits at which node, which SAE pairs share keys,
 * the KMEs' limits, and which QKD key demand fills each served node pair's store.
 *
 * @param feeds index of a {@code qkd.demands} entry → the served node pair its delivered
 *     end-to-end keys go to; every served node pair has exactly one (see {@link ModelKeyFeed})
 */
public record KmeSection(KmeDirectory directory, KmeLimits limits,
    SortedMap<Integer, LinkId> feeds) {
  public KmeSection {
    feeds = Collections.unmodifiableSortedMap(new TreeMap<>(feeds));
  }
}
