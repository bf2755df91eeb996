package io.qbone.node.util;

import java.util.Arrays;

/**
 * A map from long keys to objects with open addressing and a mixing hash. Pair ids pack
 * (link, sequence) into a long, whose {@code Long.hashCode} collides systematically; this map
 * spreads them and avoids boxing. Lookup only: it has no iteration, so no order to depend on.
 */
public final class LongMap<V> {
  private static final long EMPTY = Long.MIN_VALUE;
  private long[] keys;
  private Object[] values;
  private int size;
  private int mask;

  public LongMap() {
    keys = new long[16];
    Arrays.fill(keys, EMPTY);
    values = new Object[16];
    mask = 15;
  }

  public int size() {
    return size;
  }

  @SuppressWarnings("unchecked")
  public V get(long key) {
    int i = slot(key);
    while (keys[i] != EMPTY) {
      if (keys[i] == key) {
        return (V) values[i];
      }
      i = (i + 1) & mask;
    }
    return null;
  }

  public boolean containsKey(long key) {
    return get(key) != null;
  }

  /** Maps {@code key} (never Long.MIN_VALUE) to a non-null value. */
  public void put(long key, V value) {
    if (key == EMPTY || value == null) {
      throw new IllegalArgumentException("LongMap takes no Long.MIN_VALUE key and no null value");
    }
    if ((size + 1) * 2 > keys.length) {
      grow();
    }
    int i = slot(key);
    while (keys[i] != EMPTY && keys[i] != key) {
      i = (i + 1) & mask;
    }
    if (keys[i] == EMPTY) {
      size++;
    }
    keys[i] = key;
    values[i] = value;
  }

  /** Removes the key; returns its value or null. */
  @SuppressWarnings("unchecked")
  public V remove(long key) {
    int i = slot(key);
    while (keys[i] != EMPTY) {
      if (keys[i] == key) {
        V old = (V) values[i];
        deleteAt(i);
        return old;
      }
      i = (i + 1) & mask;
    }
    return null;
  }

  /** Backward-shift deletion keeps probe chains intact without tombstones. */
  private void deleteAt(int hole) {
    size--;
    int i = hole;
    while (true) {
      i = (i + 1) & mask;
      if (keys[i] == EMPTY) {
        break;
      }
      int home = slot(keys[i]);
      boolean movable = hole <= i ? (home <= hole || home > i) : (home <= hole && home > i);
      if (movable) {
        keys[hole] = keys[i];
        values[hole] = values[i];
        hole = i;
      }
    }
    keys[hole] = EMPTY;
    values[hole] = null;
  }

  private void grow() {
    long[] oldKeys = keys;
    Object[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    Arrays.fill(keys, EMPTY);
    values = new Object[oldKeys.length * 2];
    mask = keys.length - 1;
    size = 0;
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != EMPTY) {
        @SuppressWarnings("unchecked")
        V v = (V) oldValues[i];
        put(oldKeys[i], v);
      }
    }
  }

  private int slot(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }
}
