package io.qbone.node.engine;

import io.qbone.protocol.v1.LpMessage;
import java.util.function.UnaryOperator;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;

/**
 * How a message travels to an LP of the same member: as is, or, when the system verifies
 * serialization ({@code pekko.actor.serialize-messages = on}, as in tests), through Pekko's
 * Protobuf serializer and back, exactly as a message to another member would.
 */
final class LocalTransport {
  private LocalTransport() {}

  static UnaryOperator<LpMessage> forSystem(ActorSystem<?> system) {
    if (!system.settings().config().getBoolean("pekko.actor.serialize-messages")) {
      return UnaryOperator.identity();
    }
    Serialization serialization = SerializationExtension.get(Adapter.toClassic(system));
    return m -> {
      byte[] bytes = serialization.serialize(m).get();
      return serialization.deserialize(bytes, LpMessage.class).get();
    };
  }
}
