package io.qbone.deploy.scenario;

/**
 * Bounds on a scenario's YAML, so that hostile or broken input costs bounded memory and time and
 * ends in a located error rather than a {@code StackOverflowError} or an exhausted heap.
 *
 * @param maxCodePoints characters (Unicode code points) in the whole document; snakeyaml-engine's
 *     {@code codePointLimit}
 * @param maxDepth mappings and lists nested inside each other (the top-level mapping is level 1);
 *     snakeyaml-engine composes nodes recursively, so this bounds its stack
 * @param maxScalarCodePoints characters in one scalar (a key or a value)
 * @param maxAliasesForCollections aliases to mappings or lists (snakeyaml-engine's own bound on
 *     "billion laughs" documents)
 */
record YamlLimits(int maxCodePoints, int maxDepth, int maxScalarCodePoints,
    int maxAliasesForCollections) {
  /**
   * 128 Mi characters: the 100,000-node, 150,000-link scenario is 8.7 MB, so this leaves room for
   * ten times that (which needs several GB of heap to compose) and refuses anything larger.
   * The shipped scenarios nest at most 4 levels (top, qkd, links, an entry); 64 is far beyond any
   * scenario and far below where composing overflows the default 1 MB thread stack (measured:
   * 1,000 nested flow lists compose, 5,000 overflow). The longest legitimate scalar is a name or
   * a file path; 64 Ki characters leaves no doubt.
   * The shipped scenarios use no aliases; 50 is snakeyaml-engine's own default.
   */
  static final YamlLimits DEFAULT = new YamlLimits(128 * 1024 * 1024, 64, 64 * 1024, 50);

  YamlLimits {
    if (maxCodePoints < 1 || maxDepth < 1 || maxScalarCodePoints < 1
        || maxAliasesForCollections < 0) {
      throw new IllegalArgumentException("YAML limits must be positive");
    }
  }
}
