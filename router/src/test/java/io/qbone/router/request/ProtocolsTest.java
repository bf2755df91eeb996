package io.qbone.router.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.qbone.node.network.ConfigException;
import io.qbone.router.routing.FidelityAwareRouting;
import io.qbone.router.routing.KShortestMultipath;
import io.qbone.router.routing.RoutingProtocol;
import io.qbone.router.routing.RoutingProtocolProvider;
import io.qbone.router.routing.ShippedProtocols;
import io.qbone.router.routing.StaticShortestPath;
import java.util.ArrayList;
import java.util.List;
import org.example.routing.MostReliablePathProvider;
import org.junit.jupiter.api.Test;

/** The protocol registry: what ServiceLoader finds, in which order, and what it refuses. */
class ProtocolsTest {
  /** A second provider of the example's name, as a clashing jar would bring. */
  public static final class AnotherMostReliable implements RoutingProtocolProvider {
    @Override
    public String name() {
      return "most-reliable";
    }

    @Override
    public RoutingProtocol create(RoutingConfig config) {
      throw new UnsupportedOperationException();
    }
  }

  private static RoutingProtocolProvider named(String name) {
    return new RoutingProtocolProvider() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public RoutingProtocol create(RoutingConfig config) {
        throw new UnsupportedOperationException();
      }
    };
  }

  @Test
  void theShippedProtocolsAreFoundThroughTheirServicesFile() {
    // The router's test class path holds no other provider (RoutingPluginTest adds one).
    assertEquals(ShippedProtocols.NAMES, Protocols.names());
    assertEquals(Protocols.Mode.LINK_STATE, Protocols.mode("link-state"));
    assertEquals(Protocols.Mode.CONTROLLER, Protocols.mode("controller"));
    assertEquals(Protocols.Mode.SOURCE, Protocols.mode("k-shortest"));
    assertTrue(Protocols.discardsBelowMinimum("fidelity-aware"));
    assertFalse(Protocols.discardsBelowMinimum("shortest-hops"));
    assertInstanceOf(FidelityAwareRouting.class,
        Protocols.create(RoutingConfig.defaults("fidelity-aware")));
    assertInstanceOf(KShortestMultipath.class,
        Protocols.create(RoutingConfig.defaults("controller")));
    RoutingProtocol hops = Protocols.create(RoutingConfig.defaults("shortest-hops"));
    assertEquals("shortest-hops", ((StaticShortestPath) hops).name());
    assertNull(Protocols.provider("most-reliable"));
  }

  @Test
  void shippedComeFirstInTheirOrderThenOthersByName() {
    List<RoutingProtocolProvider> found = new ArrayList<>();
    found.add(new MostReliablePathProvider());
    found.add(named("aaa-first-by-name"));
    for (RoutingProtocolProvider p : Protocols.discover(Protocols.class.getClassLoader())) {
      found.add(0, p); // shipped ones in reverse: the order must not come from discovery
    }
    List<String> expected = new ArrayList<>(ShippedProtocols.NAMES);
    expected.add("aaa-first-by-name");
    expected.add("most-reliable");
    assertEquals(expected,
        Protocols.order(found).stream().map(RoutingProtocolProvider::name).toList());
  }

  @Test
  void aDuplicateNameIsRefusedNamingBothClasses() {
    Protocols.RegistryException e = assertThrows(Protocols.RegistryException.class,
        () -> Protocols.order(List.of(new MostReliablePathProvider(), new AnotherMostReliable())));
    assertTrue(e.getMessage().contains("'most-reliable'"), e.getMessage());
    assertTrue(e.getMessage().contains(MostReliablePathProvider.class.getName()), e.getMessage());
    assertTrue(e.getMessage().contains(AnotherMostReliable.class.getName()), e.getMessage());
  }

  @Test
  void aShippedNameCannotBeTakenOver() {
    Protocols.RegistryException e = assertThrows(Protocols.RegistryException.class,
        () -> Protocols.order(List.of(new ShippedProtocols.KShortest(), named("k-shortest"))));
    assertTrue(e.getMessage().contains(ShippedProtocols.KShortest.class.getName()),
        e.getMessage());
  }

  @Test
  void anInvalidNameIsRefusedNamingTheClass() {
    Protocols.RegistryException e = assertThrows(Protocols.RegistryException.class,
        () -> Protocols.order(List.of(named("two words"))));
    assertTrue(e.getMessage().contains("'two words'"), e.getMessage());
  }

  @Test
  void anUnknownProtocolIsRejectedListingTheKnownOnes() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> RoutingConfig.defaults("most-reliable"));
    assertEquals("protocol", e.field());
    assertTrue(e.getMessage().contains(ShippedProtocols.NAMES.toString()), e.getMessage());
  }
}
