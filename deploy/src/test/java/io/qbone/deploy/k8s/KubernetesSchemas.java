package io.qbone.deploy.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The JSON schemas of Kubernetes objects that fabric8's kubernetes-model jars ship (generated
 * from the Kubernetes API types; unpacked into target/k8s-schemas by deploy/pom.xml), made as
 * strict as the API server is: an unknown field is an error (the jars allow any), a top-level
 * object needs apiVersion, kind and metadata (the jars mark apiVersion and kind required
 * everywhere, also in embedded objects such as a StatefulSet's volumeClaimTemplates, where the
 * API does not need them), and the two types whose wire form is not an object take it:
 * IntOrString (a port number or name) and Quantity ({@code 500m}, {@code 2Gi}, {@code 2}).
 */
final class KubernetesSchemas {
  static final Path DIR = Path.of("target", "k8s-schemas");
  /** Modules in the order they are searched for a kind; each file is self-contained. */
  private static final List<String> MODULES = List.of("core", "apps", "batch", "rbac", "policy");
  /** The jars' code-generation hints: no validation meaning. */
  private static final List<String> JAVA_HINTS = List.of("existingJavaType", "javaType",
      "javaInterfaces", "javaOmitEmpty", "serializer", "deserializer");

  private final Map<String, ObjectNode> definitionsByModule = new HashMap<>();
  private final Map<String, Schema> schemas = new HashMap<>();
  private final SchemaRegistry registry =
      SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);

  KubernetesSchemas() throws IOException {
    ObjectMapper json = new ObjectMapper();
    for (String module : MODULES) {
      Path file = DIR.resolve(module).resolve("schema").resolve("validation-schema.json");
      ObjectNode definitions = (ObjectNode) json.readTree(file.toFile()).get("definitions");
      Iterator<Map.Entry<String, JsonNode>> it = definitions.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getKey().endsWith("_IntOrString")) {
          e.setValue(json.createObjectNode().set("type",
              json.createArrayNode().add("integer").add("string")));
        } else if (e.getKey().endsWith("_Quantity")) {
          e.setValue(json.createObjectNode().set("type",
              json.createArrayNode().add("string").add("number")));
        } else {
          strict(e.getValue());
        }
      }
      definitionsByModule.put(module, definitions);
    }
  }

  /** What the API server would refuse in this object's shape (empty: nothing). */
  List<String> validate(JsonNode object) {
    String apiVersion = object.path("apiVersion").asText();
    String kind = object.path("kind").asText();
    Schema schema = schemas.computeIfAbsent(apiVersion + " " + kind,
        k -> schemaOf(apiVersion, kind));
    if (schema == null) {
      return List.of("no schema for " + apiVersion + " " + kind);
    }
    List<String> errors = new ArrayList<>();
    for (Error e : schema.validate(object)) {
      errors.add(kind + " " + object.path("metadata").path("name").asText() + ": " + e);
    }
    return errors;
  }

  private Schema schemaOf(String apiVersion, String kind) {
    for (String module : MODULES) {
      ObjectNode definitions = definitionsByModule.get(module);
      Iterator<Map.Entry<String, JsonNode>> it = definitions.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        JsonNode p = e.getValue().path("properties");
        if (kind.equals(p.path("kind").path("default").asText())
            && apiVersion.equals(p.path("apiVersion").path("default").asText())) {
          ObjectNode root = new ObjectMapper().createObjectNode();
          root.put("$schema", "http://json-schema.org/draft-07/schema#");
          root.set("definitions", definitions);
          root.putArray("allOf").addObject().put("$ref", "#/definitions/" + e.getKey());
          root.putArray("required").add("apiVersion").add("kind").add("metadata");
          return registry.getSchema(root);
        }
      }
    }
    return null;
  }

  /**
   * Closes every object schema with properties to unknown fields and drops the per-property
   * {@code required: true} (not draft-07) and the Java hints, in place and recursively.
   */
  private static void strict(JsonNode node) {
    if (!(node instanceof ObjectNode schema)) {
      return;
    }
    schema.remove(JAVA_HINTS);
    JsonNode properties = schema.get("properties");
    if (properties instanceof ObjectNode props && props.size() > 0) {
      Iterator<Map.Entry<String, JsonNode>> it = props.fields();
      while (it.hasNext()) {
        Map.Entry<String, JsonNode> e = it.next();
        if (e.getValue() instanceof ObjectNode p && p.path("required").isBoolean()) {
          p.remove("required");
        }
        strict(e.getValue());
      }
      if (!schema.path("additionalProperties").isObject()) {
        schema.put("additionalProperties", false);
      }
    }
    strict(schema.get("items"));
    strict(schema.get("additionalProperties"));
  }
}
