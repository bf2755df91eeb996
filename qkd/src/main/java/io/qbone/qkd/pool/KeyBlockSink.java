package io.qbone.qkd.pool;

/**
 * Where end-to-end key material leaves the emulation for applications. Called once per key block
 * delivered to a configured key demand, from the model's thread in virtual-time order; an
 * implementation that does slow work should hand it off. The default is {@link #NONE}.
 */
@FunctionalInterface
public interface KeyBlockSink {
  KeyBlockSink NONE = m -> {};

  void accept(KeyMaterial m);
}
