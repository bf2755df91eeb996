package io.qbone.deploy.fuzz;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.qbone.protocol.v1.LpMessage;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded LP messages of every body type: field values drawn from small numbers (so they name
 * links, circuits and nodes that exist and reach deep into the handlers) and from extremes
 * (negative, huge, NaN, infinite), nested messages filled the same way; then, for some, their
 * bytes flipped, cut or padded and decoded again, as a corrupted frame would be.
 */
final class MessageFuzzer {
  private static final long[] INTS = {0, 1, 2, 3, -1, Integer.MAX_VALUE, Integer.MIN_VALUE,
      Long.MAX_VALUE, Long.MIN_VALUE, 1L << 32, 4_294_967_295L, 1_000_000_000L};
  private static final double[] DOUBLES = {0, 1, 0.5, 0.25, -1, -0.0, Double.NaN,
      Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1e300, -1e300, 1e-300, 4.9e-324, 2};
  static final List<FieldDescriptor> BODIES =
      LpMessage.getDescriptor().getOneofs().get(0).getFields();

  private final SplittableRandom random;
  /** Bytes that failed to decode at all (a transport would drop them before any LP). */
  int undecodable;

  MessageFuzzer(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** A message with body {@code body}, or null when its mutated bytes no longer decode. */
  LpMessage.Builder next(FieldDescriptor body) {
    LpMessage.Builder m = LpMessage.newBuilder();
    Message.Builder b = m.newBuilderForField(body);
    fill(b, 0);
    m.setField(body, b.build());
    if (random.nextInt(3) > 0) {
      return m;
    }
    byte[] bytes = mutate(m.build().toByteArray());
    try {
      LpMessage decoded = LpMessage.parseFrom(bytes);
      if (decoded.getBodyCase() == LpMessage.BodyCase.BODY_NOT_SET) {
        undecodable++;
        return null;
      }
      return decoded.toBuilder();
    } catch (InvalidProtocolBufferException e) {
      undecodable++;
      return null;
    }
  }

  private void fill(Message.Builder b, int depth) {
    Descriptor d = b.getDescriptorForType();
    for (FieldDescriptor f : d.getFields()) {
      if (f.getContainingOneof() != null && random.nextInt(3) > 0) {
        continue;
      }
      if (random.nextInt(4) == 0) {
        continue; // left unset
      }
      if (f.isRepeated()) {
        int n = random.nextInt(depth > 1 ? 3 : 6);
        for (int i = 0; i < n; i++) {
          Object v = value(b, f, depth);
          if (v != null) {
            b.addRepeatedField(f, v);
          }
        }
      } else {
        Object v = value(b, f, depth);
        if (v != null) {
          b.setField(f, v);
        }
      }
    }
  }

  private Object value(Message.Builder parent, FieldDescriptor f, int depth) {
    switch (f.getJavaType()) {
      case INT:
        return (int) integer();
      case LONG:
        return integer();
      case DOUBLE:
        return real();
      case FLOAT:
        return (float) real();
      case BOOLEAN:
        return random.nextBoolean();
      case STRING:
        return random.nextInt(4) == 0 ? "" : "s" + random.nextInt(100);
      case BYTE_STRING:
        byte[] bytes = new byte[random.nextInt(40)];
        random.nextBytes(bytes);
        return ByteString.copyFrom(bytes);
      case ENUM:
        EnumDescriptor e = f.getEnumType();
        return e.getValues().get(random.nextInt(e.getValues().size()));
      case MESSAGE:
        if (depth > 3) {
          return null;
        }
        Message.Builder child = parent.newBuilderForField(f);
        fill(child, depth + 1);
        return child.build();
      default:
        return null;
    }
  }

  private long integer() {
    return random.nextInt(3) > 0 ? random.nextInt(8) : INTS[random.nextInt(INTS.length)];
  }

  private double real() {
    int k = random.nextInt(3);
    return k == 0 ? DOUBLES[random.nextInt(DOUBLES.length)] : k == 1 ? random.nextDouble()
        : random.nextDouble() * 0.25 + 0.75 * (random.nextBoolean() ? 1 : 0);
  }

  private byte[] mutate(byte[] in) {
    byte[] out = in.clone();
    switch (random.nextInt(4)) {
      case 0 -> {
        for (int i = 0; i < 1 + random.nextInt(3) && out.length > 0; i++) {
          out[random.nextInt(out.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return out;
      }
      case 1 -> {
        return java.util.Arrays.copyOf(out, random.nextInt(out.length + 1));
      }
      case 2 -> {
        byte[] longer = java.util.Arrays.copyOf(out, out.length + 1 + random.nextInt(8));
        for (int i = out.length; i < longer.length; i++) {
          longer[i] = (byte) random.nextInt(256);
        }
        return longer;
      }
      default -> {
        if (out.length > 0) {
          out[random.nextInt(out.length)] = (byte) random.nextInt(256);
        }
        return out;
      }
    }
  }
}
