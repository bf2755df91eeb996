package io.qbone.deploy.scenario;

import io.qbone.node.network.ConfigException;

/**
 * One node or link entry seen through the scenario's {@code defaults} for its kind: a key written
 * in the entry wins, else the defaults section's value, else the caller's fallback (a platform
 * preset or a built-in default). Errors point at the mapping the value was written in.
 */
final class Layered {
  private final YamlMap entry;
  private final YamlMap defaults;

  /** @param defaults the {@code defaults.node} or {@code defaults.link} mapping, or null */
  Layered(YamlMap entry, YamlMap defaults) {
    this.entry = entry;
    this.defaults = defaults;
  }

  YamlMap entry() {
    return entry;
  }

  /** The mapping that sets {@code key} (entry first), or null when neither does. */
  YamlMap where(String key) {
    if (entry.has(key)) {
      return entry;
    }
    return defaults != null && defaults.has(key) ? defaults : null;
  }

  boolean has(String key) {
    return where(key) != null;
  }

  double number(String key, String expected, double fallback) {
    YamlMap m = where(key);
    return m == null ? fallback : m.number(key, expected);
  }

  /** The text of {@code key}, or null when neither mapping sets it. */
  String string(String key, String expected) {
    YamlMap m = where(key);
    return m == null ? null : m.string(key, expected);
  }

  ScenarioException error(String key, String message) {
    YamlMap m = where(key);
    return (m == null ? entry : m).error(key, message);
  }

  /** Locates a record constructor's complaint where the offending value was written. */
  ScenarioException translate(ConfigException e) {
    YamlMap m = where(Fields.yamlKey(e.field()));
    return Fields.translate(m == null ? entry : m, e);
  }
}
