package io.qbone.deploy.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.qbone.node.engine.Bootstrap;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigResolveOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * k8s/ as an operator applies it: every overlay renders with {@code kubectl kustomize}, every
 * object has the shape the Kubernetes API accepts, and the manifests hold what the cluster
 * needs (discovery finds the pods, RBAC allows exactly that, probes hit the health checks,
 * sizes are those of docs/kubernetes.md).
 */
class ManifestsTest {
  /** The discovery contract: what the members' Kubernetes API discovery looks for. */
  private static final String SERVICE_NAME = Bootstrap.SERVICE_NAME;
  private static final String POD_LABEL_SELECTOR = Bootstrap.POD_LABEL_SELECTOR;
  private static final String MANAGEMENT_PORT_NAME = Bootstrap.PORT_NAME;
  private static final int MANAGEMENT_PORT = 7626;
  private static final List<String> OVERLAYS = List.of("dev", "large");

  private static final Map<String, List<JsonNode>> rendered = new LinkedHashMap<>();
  private static KubernetesSchemas schemas;

  @BeforeAll
  static void render() throws Exception {
    String why = Kustomize.unavailableBecause();
    if (why != null && why.startsWith("no kubectl") && "true".equals(System.getenv("CI"))) {
      fail(why);
    }
    Assumptions.assumeTrue(why == null, "skipped: " + why);
    for (String overlay : OVERLAYS) {
      rendered.put(overlay, Kustomize.render(Kustomize.K8S.resolve("overlays").resolve(overlay)));
    }
    schemas = new KubernetesSchemas();
  }

  @Test
  void everyRenderedObjectHasAShapeTheApiAccepts() throws Exception {
    List<String> errors = new ArrayList<>();
    Map<String, List<JsonNode>> all = new LinkedHashMap<>(rendered);
    all.put("base", Kustomize.render(Kustomize.K8S.resolve("base")));
    all.put("extras",
        Kustomize.read(Kustomize.K8S.resolve("extras").resolve("results-reader.yaml")));
    for (Map.Entry<String, List<JsonNode>> e : all.entrySet()) {
      assertFalse(e.getValue().isEmpty(), e.getKey());
      for (JsonNode object : e.getValue()) {
        for (String error : schemas.validate(object)) {
          errors.add(e.getKey() + ": " + error);
        }
      }
    }
    assertEquals(List.of(), errors);
    for (String overlay : OVERLAYS) {
      for (String kind : List.of("Namespace", "ServiceAccount", "Role", "RoleBinding", "Service",
          "StatefulSet", "PodDisruptionBudget", "Job", "PersistentVolumeClaim", "ConfigMap")) {
        assertFalse(ofKind(overlay, kind).isEmpty(), overlay + " has a " + kind);
      }
    }
  }

  @Test
  void theValidatorRefusesAMisspelledFieldAWrongTypeAndAMissingKind() {
    ObjectNode members = member("dev").deepCopy();
    assertEquals(List.of(), schemas.validate(members));
    ObjectNode container = (ObjectNode) members.at("/spec/template/spec/containers/0");
    container.put("imagePullPolice", "Always");
    assertFalse(schemas.validate(members).isEmpty(), "unknown field");
    container.remove("imagePullPolice");
    ((ObjectNode) members.get("spec")).put("replicas", "three");
    assertFalse(schemas.validate(members).isEmpty(), "string for an integer");
    ((ObjectNode) members.get("spec")).put("replicas", 3);
    members.remove("kind");
    assertFalse(schemas.validate(members).isEmpty(), "no kind");
  }

  @Test
  void rbacGrantsExactlyGetListWatchOnPodsToThePodsServiceAccount() {
    for (String overlay : OVERLAYS) {
      assertEquals(List.of(), ofKind(overlay, "ClusterRole"), overlay);
      assertEquals(List.of(), ofKind(overlay, "ClusterRoleBinding"), overlay);
      List<JsonNode> roles = ofKind(overlay, "Role");
      assertEquals(1, roles.size(), overlay);
      JsonNode rules = roles.get(0).get("rules");
      assertEquals(1, rules.size(), overlay + ": " + rules);
      JsonNode rule = rules.get(0);
      assertEquals("[\"\"]", rule.get("apiGroups").toString());
      assertEquals("[\"pods\"]", rule.get("resources").toString());
      assertEquals("[\"get\",\"list\",\"watch\"]", rule.get("verbs").toString());
      assertEquals(List.of("apiGroups", "resources", "verbs"), names(rule), "no other field");

      JsonNode binding = ofKind(overlay, "RoleBinding").get(0);
      assertEquals("Role", binding.at("/roleRef/kind").asText());
      assertEquals(name(roles.get(0)), binding.at("/roleRef/name").asText());
      JsonNode account = ofKind(overlay, "ServiceAccount").get(0);
      assertEquals(1, binding.get("subjects").size());
      JsonNode subject = binding.get("subjects").get(0);
      assertEquals("ServiceAccount", subject.get("kind").asText());
      assertEquals(name(account), subject.get("name").asText());
      assertEquals(account.at("/metadata/namespace").asText(), subject.get("namespace").asText());
      assertEquals(account.at("/metadata/namespace").asText(),
          binding.at("/metadata/namespace").asText());
      for (JsonNode pod : List.of(member(overlay), launcher(overlay))) {
        assertEquals(name(account), pod.at("/spec/template/spec/serviceAccountName").asText());
      }
    }
  }

  @Test
  void probesPointAtTheManagementPortsHealthPaths() {
    for (String overlay : OVERLAYS) {
      JsonNode container = container(member(overlay));
      JsonNode port = port(container, MANAGEMENT_PORT_NAME);
      assertEquals(MANAGEMENT_PORT, port.get("containerPort").asInt());
      assertEquals(Integer.toString(MANAGEMENT_PORT), flag(container, "--management-port"));
      Map<String, String> paths = Map.of("readinessProbe", "/ready", "livenessProbe", "/alive",
          "startupProbe", "/alive");
      for (Map.Entry<String, String> probe : paths.entrySet()) {
        JsonNode get = container.path(probe.getKey()).path("httpGet");
        assertEquals(probe.getValue(), get.path("path").asText(), overlay + " " + probe.getKey());
        JsonNode target = get.get("port");
        assertNotNull(target, overlay + " " + probe.getKey());
        assertTrue(target.asText().equals(MANAGEMENT_PORT_NAME)
            || target.asInt() == MANAGEMENT_PORT, overlay + " " + probe.getKey() + ": " + target);
      }
    }
  }

  @Test
  void discoveryFindsTheMembersAndTheLauncherAndNothingElseCountsThem() {
    String[] label = String.format(Locale.ROOT, POD_LABEL_SELECTOR, SERVICE_NAME).split("=", 2);
    for (String overlay : OVERLAYS) {
      JsonNode member = member(overlay);
      JsonNode launcher = launcher(overlay);
      for (JsonNode pod : List.of(member, launcher)) {
        JsonNode labels = pod.at("/spec/template/metadata/labels");
        assertEquals(label[1], labels.path(label[0]).asText(), overlay + " " + name(pod));
        // Contact points are the pods' container ports of this name (Bootstrap.PORT_NAME).
        assertEquals(MANAGEMENT_PORT, port(container(pod), MANAGEMENT_PORT_NAME)
            .get("containerPort").asInt());
        assertEquals("$(POD_IP)", flag(container(pod),
            pod == member ? "--host" : "--cluster-host"));
        assertEquals("status.podIP", env(container(pod), "POD_IP")
            .at("/valueFrom/fieldRef/fieldPath").asText());
      }
      // Only pods of the discovery label in the namespace: nothing else must carry it.
      for (JsonNode object : rendered.get(overlay)) {
        JsonNode template = object.at("/spec/template/metadata/labels");
        if (template.isObject() && object != member && object != launcher) {
          assertFalse(label[1].equals(template.path(label[0]).asText()), name(object));
        }
      }
      JsonNode memberLabels = member.at("/spec/template/metadata/labels");
      JsonNode launcherLabels = launcher.at("/spec/template/metadata/labels");
      JsonNode service = ofKind(overlay, "Service").stream()
          .filter(s -> name(s).equals(member.at("/spec/serviceName").asText())).findFirst()
          .orElseThrow();
      assertEquals("None", service.at("/spec/clusterIP").asText());
      for (JsonNode selector : List.of(member.at("/spec/selector/matchLabels"),
          service.at("/spec/selector"),
          ofKind(overlay, "PodDisruptionBudget").get(0).at("/spec/selector/matchLabels"))) {
        assertTrue(matches(selector, memberLabels), overlay + ": " + selector);
        assertFalse(matches(selector, launcherLabels), overlay + " launcher: " + selector);
      }
    }
  }

  @Test
  void replicasAndResourcesAreThoseOfDocsKubernetes() throws Exception {
    Map<String, String[]> documented = sizesTable();
    assertEquals(OVERLAYS, List.copyOf(documented.keySet()));
    for (String overlay : OVERLAYS) {
      String[] row = documented.get(overlay);
      int members = Integer.parseInt(row[0]);
      JsonNode member = member(overlay);
      assertEquals(members, member.at("/spec/replicas").asInt(), overlay);
      JsonNode settings = configMap(overlay, "qbone-settings");
      assertEquals(Integer.toString(members), settings.at("/data/QBONE_MEMBERS").asText());
      assertEquals(Integer.toString(members),
          settings.at("/data/QBONE_REQUIRED_CONTACTS").asText());
      JsonNode resources = container(member).get("resources");
      assertEquals(row[1], resources.at("/requests/cpu").asText() + " / "
          + resources.at("/limits/cpu").asText(), overlay + " member cpu");
      assertEquals(row[2], resources.at("/requests/memory").asText(), overlay + " member memory");
      assertEquals(row[2], resources.at("/limits/memory").asText(), overlay + " member memory");
      JsonNode launcher = container(launcher(overlay)).get("resources");
      assertEquals(row[3], launcher.at("/limits/memory").asText(), overlay + " launcher memory");
      // The launcher waits for the members of the settings; members form with all of them.
      assertEquals("$(QBONE_MEMBERS)", flag(container(launcher(overlay)), "--remote-members"));
      assertEquals("$(QBONE_REQUIRED_CONTACTS)",
          flag(container(member), "--required-contacts"));
      // Members place the LPs by the same partition as the launcher: they need its count.
      assertEquals("$(QBONE_MEMBERS)", flag(container(member), "--members"));
    }
    JsonNode spread = member("large").at("/spec/template/spec/affinity/podAntiAffinity");
    assertEquals("kubernetes.io/hostname", spread.at(
        "/preferredDuringSchedulingIgnoredDuringExecution/0/podAffinityTerm/topologyKey").asText());
    assertTrue(member("dev").at("/spec/template/spec/affinity").isMissingNode());
  }

  @Test
  void theOverlaysCarryTheirJournalAndTheLargeOneTheGrafanaDashboard() throws Exception {
    assertTrue(configMap("dev", "qbone-persistence").at("/data/persistence.conf").asText()
        .contains("jdbc:h2:file:"));
    assertTrue(configMap("large", "qbone-persistence").at("/data/persistence.conf").asText()
        .contains("jdbc:postgresql://qbone-postgres:5432/"));
    assertTrue(ofKind("dev", "StatefulSet").stream().noneMatch(s -> name(s).contains("postgres")));
    JsonNode postgres = ofKind("large", "StatefulSet").stream()
        .filter(s -> name(s).equals("qbone-postgres")).findFirst().orElseThrow();
    assertEquals(1, postgres.at("/spec/replicas").asInt());
    for (String overlay : OVERLAYS) {
      assertEquals("-Dconfig.file=/etc/qbone-persistence/persistence.conf",
          env(container(member(overlay)), "JDK_JAVA_OPTIONS").get("value").asText());
    }
    JsonNode dashboard = configMap("large", "qbone-grafana-dashboard");
    assertEquals("1", dashboard.at("/metadata/labels/grafana_dashboard").asText());
    ObjectMapper json = new ObjectMapper();
    assertEquals(json.readTree(Kustomize.K8S.resolve("grafana").resolve("qbone-dashboard.json")
        .toFile()), json.readTree(dashboard.at("/data/qbone-dashboard.json").asText()));
    assertTrue(ofKind("dev", "ConfigMap").stream()
        .noneMatch(c -> name(c).startsWith("qbone-grafana")));
  }

  @Test
  void thePersistenceSettingsLoadAndNameADriverAndProfileOnTheClassPath() throws Exception {
    for (String overlay : OVERLAYS) {
      String text = configMap(overlay, "qbone-persistence").at("/data/persistence.conf").asText();
      // As the members load it: over Pekko's reference settings, the Secret's variables set.
      Config config = ConfigFactory.parseMap(Map.of("POSTGRES_USER", "qbone",
              "POSTGRES_PASSWORD", "secret"))
          .withFallback(ConfigFactory.parseString(text))
          .withFallback(ConfigFactory.defaultReference())
          .resolve(ConfigResolveOptions.defaults().setUseSystemEnvironment(false));
      assertEquals("jdbc-journal", config.getString("pekko.persistence.journal.plugin"));
      assertEquals("jdbc-snapshot-store",
          config.getString("pekko.persistence.snapshot-store.plugin"));
      for (String plugin : List.of("jdbc-journal", "jdbc-snapshot-store", "jdbc-read-journal")) {
        assertEquals("qbone", config.getString(plugin + ".use-shared-db"), overlay + " " + plugin);
      }
      Config db = config.getConfig("pekko-persistence-jdbc.shared-databases.qbone");
      Class.forName(db.getString("db.driver"));
      Class.forName(db.getString("profile"));
      String url = overlay.equals("dev") ? "jdbc:h2:file:/var/lib/qbone/" : "jdbc:postgresql://";
      assertTrue(db.getString("db.url").startsWith(url), overlay);
      if (overlay.equals("large")) {
        assertEquals("qbone", db.getString("db.user"));
        assertEquals("secret", db.getString("db.password"));
        JsonNode container = container(member(overlay));
        for (String variable : List.of("POSTGRES_USER", "POSTGRES_PASSWORD")) {
          assertTrue(env(container, variable).at("/valueFrom/secretKeyRef/name").asText()
              .startsWith("qbone-postgres"), variable);
        }
      }
    }
    // dev's H2 file lives on the members' emptyDir.
    JsonNode mounts = container(member("dev")).get("volumeMounts");
    assertTrue(mounts.toString().contains("\"mountPath\":\"/var/lib/qbone\""), mounts.toString());
  }

  @Test
  void theScenarioConfigMapIsTheReadmesRepeaterChain() throws Exception {
    String scenario = Files.readString(Path.of("..", "scenarios", "repeater-chain.yaml"));
    assertEquals(scenario,
        Files.readString(Kustomize.K8S.resolve("base").resolve("scenario.yaml")));
    for (String overlay : OVERLAYS) {
      assertEquals(scenario, configMap(overlay, "qbone-scenario").at("/data/scenario.yaml")
          .asText());
      for (JsonNode pod : List.of(member(overlay), launcher(overlay))) {
        assertTrue(args(container(pod)).contains("/etc/qbone/scenario.yaml"), name(pod));
      }
    }
  }

  @Test
  void everyVariableInTheArgsIsDefinedAndPrometheusScrapesOnlyTheLauncher() {
    Pattern variable = Pattern.compile("\\$\\(([A-Z_]+)\\)");
    for (String overlay : OVERLAYS) {
      for (JsonNode pod : List.of(member(overlay), launcher(overlay))) {
        JsonNode container = container(pod);
        for (String arg : args(container)) {
          Matcher m = variable.matcher(arg);
          while (m.find()) {
            assertNotNull(env(container, m.group(1)), overlay + " " + name(pod) + ": " + arg);
          }
        }
      }
      // The launcher serves the run's metrics on its pod IP; members serve none (yet), and a
      // scrape annotation on them would only make a target that is always down.
      JsonNode launcher = launcher(overlay);
      JsonNode annotations = launcher.at("/spec/template/metadata/annotations");
      assertEquals("true", annotations.path("prometheus.io/scrape").asText());
      assertEquals(port(container(launcher), "metrics").get("containerPort").asText(),
          annotations.path("prometheus.io/port").asText());
      assertEquals("$(POD_IP)", flag(container(launcher), "--metrics-host"));
      JsonNode member = member(overlay);
      assertTrue(member.at("/spec/template/metadata/annotations/prometheus.io~1scrape")
          .isMissingNode(), overlay);
      assertFalse(args(container(member)).contains("--metrics-host"), overlay);
    }
  }

  /** docs/kubernetes.md's sizes table: overlay -> members, cpu, memory, launcher memory. */
  private static Map<String, String[]> sizesTable() throws Exception {
    Map<String, String[]> rows = new LinkedHashMap<>();
    Pattern row = Pattern.compile(
        "^\\| `(\\w+)` \\| (\\d+) \\| ([^|]+?) \\| ([^|]+?) \\| [^|]+ \\| ([^|]+?) \\|$");
    for (String line : Files.readAllLines(Path.of("..", "docs", "kubernetes.md"))) {
      Matcher m = row.matcher(line);
      if (m.matches()) {
        rows.put(m.group(1), new String[] {m.group(2), m.group(3), m.group(4), m.group(5)});
      }
    }
    return rows;
  }

  private static List<JsonNode> ofKind(String overlay, String kind) {
    return rendered.get(overlay).stream().filter(o -> kind.equals(o.path("kind").asText()))
        .toList();
  }

  private static JsonNode member(String overlay) {
    return ofKind(overlay, "StatefulSet").stream().filter(s -> name(s).equals("qbone"))
        .findFirst().orElseThrow();
  }

  private static JsonNode launcher(String overlay) {
    List<JsonNode> jobs = ofKind(overlay, "Job");
    assertEquals(1, jobs.size(), overlay);
    return jobs.get(0);
  }

  private static JsonNode configMap(String overlay, String prefix) {
    return ofKind(overlay, "ConfigMap").stream()
        .filter(c -> name(c).equals(prefix) || name(c).matches(Pattern.quote(prefix) + "-\\w+"))
        .findFirst().orElseThrow(() -> new AssertionError(overlay + ": no ConfigMap " + prefix));
  }

  private static JsonNode container(JsonNode workload) {
    JsonNode containers = workload.at("/spec/template/spec/containers");
    assertEquals(1, containers.size(), name(workload));
    return containers.get(0);
  }

  private static JsonNode port(JsonNode container, String name) {
    for (JsonNode p : container.path("ports")) {
      if (name.equals(p.path("name").asText())) {
        return p;
      }
    }
    throw new AssertionError("no container port named " + name);
  }

  private static JsonNode env(JsonNode container, String name) {
    for (JsonNode e : container.path("env")) {
      if (name.equals(e.path("name").asText())) {
        return e;
      }
    }
    return null;
  }

  private static List<String> args(JsonNode container) {
    List<String> args = new ArrayList<>();
    container.path("args").forEach(a -> args.add(a.asText()));
    return args;
  }

  /** The value after {@code option} in the container's args. */
  private static String flag(JsonNode container, String option) {
    List<String> args = args(container);
    int i = args.indexOf(option);
    assertTrue(i >= 0 && i + 1 < args.size(), option + " in " + args);
    assertEquals(i, args.lastIndexOf(option), option + " given once");
    return args.get(i + 1);
  }

  private static boolean matches(JsonNode selector, JsonNode labels) {
    assertTrue(selector.size() > 0, "empty selector");
    Iterator<Map.Entry<String, JsonNode>> it = selector.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().asText().equals(labels.path(e.getKey()).asText())) {
        return false;
      }
    }
    return true;
  }

  private static List<String> names(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static String name(JsonNode object) {
    return object.at("/metadata/name").asText();
  }
}
