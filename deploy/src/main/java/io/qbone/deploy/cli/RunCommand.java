package io.qbone.deploy.cli;

import io.qbone.deploy.metrics.MetricsEndpoint;
import io.qbone.deploy.metrics.RunMetrics;
import io.qbone.deploy.report.HtmlReport;
import io.qbone.deploy.report.ReportRecorder;
import io.qbone.deploy.run.MemberProcesses;
import io.qbone.deploy.run.PlanBuilder;
import io.qbone.deploy.run.ResultsJson;
import io.qbone.deploy.run.RunHooks;
import io.qbone.deploy.run.RunOptions;
import io.qbone.deploy.run.ScenarioRunner;
import io.qbone.deploy.run.Summary;
import io.qbone.deploy.scenario.Scenario;
import io.qbone.deploy.scenario.ScenarioException;
import io.qbone.deploy.scenario.ScenarioFile;
import io.qbone.deploy.web.DashboardServer;
import io.qbone.deploy.web.LiveRun;
import io.qbone.node.engine.Bootstrap;
import io.qbone.node.telemetry.Telemetry;
import io.qbone.router.network.NetworkPlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code qbone run SCENARIO}: runs a scenario and writes its results. */
@Command(name = "run", mixinStandardHelpOptions = true,
    description = "Run a scenario on an embedded cluster (or on member processes), print a "
        + "summary and write results JSON.")
final class RunCommand implements Callable<Integer> {
  @Parameters(paramLabel = "SCENARIO", description = "scenario YAML file")
  Path scenarioFile;

  @Option(names = "--members", defaultValue = "1",
      description = "cluster members formed on 127.0.0.1 in this JVM (default: ${DEFAULT-VALUE})")
  int members;

  @Option(names = "--processes", paramLabel = "N", defaultValue = "0",
      description = "run on N member processes (child JVMs, qbone member) on 127.0.0.1 instead "
          + "of in this JVM; live model metrics then stay in the members "
          + "(default: ${DEFAULT-VALUE})")
  int processes;

  @Option(names = "--remote-members", paramLabel = "N", defaultValue = "0",
      description = "run on N member processes started elsewhere with qbone member --seed-nodes "
          + "CLUSTER-HOST:CLUSTER-PORT (default: ${DEFAULT-VALUE})")
  int remoteMembers;

  @Option(names = "--cluster-host", paramLabel = "HOST", defaultValue = "127.0.0.1",
      description = "with --processes or --remote-members: address this process's cluster node "
          + "listens on (default: ${DEFAULT-VALUE})")
  String clusterHost;

  @Option(names = "--cluster-port", paramLabel = "PORT", defaultValue = "0",
      description = "its port (default: ${DEFAULT-VALUE}, any free port; printed)")
  int clusterPort;

  @Option(names = "--bootstrap", paramLabel = "METHOD",
      description = "with --remote-members: join or form the members' cluster with Pekko "
          + "Cluster Bootstrap instead of being its seed node: kubernetes-api or config")
  String bootstrap;

  @Option(names = "--contact-points", split = ",", paramLabel = "HOST:MANAGEMENT-PORT",
      description = "with --bootstrap config: the management endpoints of the cluster's nodes")
  List<String> contactPoints;

  @Option(names = "--management-port", paramLabel = "PORT",
      defaultValue = "" + Bootstrap.DEFAULT_MANAGEMENT_PORT,
      description = "with --bootstrap: Pekko Management HTTP port on --cluster-host "
          + "(default: ${DEFAULT-VALUE})")
  int managementPort;

  @Option(names = "--required-contacts", paramLabel = "N", defaultValue = "2",
      description = "with --bootstrap: contact points seen before a new cluster is formed "
          + "(default: ${DEFAULT-VALUE})")
  int requiredContacts;

  @Option(names = "--threads", description = "dispatcher threads per member (default: cores)")
  Integer threads;

  @Option(names = "--seed", description = "override the scenario's seed")
  Long seed;

  @Option(names = "--out", defaultValue = "results.json",
      description = "results file (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--real-time", paramLabel = "SPEED", defaultValue = "0",
      description = "pace virtual time at SPEED virtual seconds per wall second (0: as fast as possible)")
  double realTimeSpeed;

  @Option(names = "--quiet", description = "print nothing but errors (no progress bar, no summary)")
  boolean quiet;

  @Option(names = "--report", paramLabel = "FILE",
      description = "also write a self-contained HTML report with plots")
  Path report;

  @Option(names = "--metrics-port", paramLabel = "PORT",
      description = "Prometheus endpoint port (default: 9095; if 9095 is taken the run goes on without metrics)")
  Integer metricsPort;

  @Option(names = "--metrics-host", paramLabel = "HOST", defaultValue = MetricsEndpoint.DEFAULT_HOST,
      description = "address the Prometheus endpoint listens on (default: ${DEFAULT-VALUE})")
  String metricsHost;

  @Option(names = "--no-metrics", description = "no Kamon metrics and no Prometheus endpoint")
  boolean noMetrics;

  @Option(names = "--no-instrumentation",
      description = "Kamon without its Pekko instrumentation agent (model and JVM metrics only)")
  boolean noInstrumentation;

  @Option(names = "--dashboard-port", paramLabel = "PORT", defaultValue = "8080",
      description = "serve the live dashboard and HTTP API on --dashboard-host:PORT while the "
          + "run goes (default: ${DEFAULT-VALUE}; 0: any free port)")
  int dashboardPort;

  @Option(names = "--dashboard-host", paramLabel = "HOST", defaultValue = "127.0.0.1",
      description = "address the dashboard and HTTP API listen on (default: ${DEFAULT-VALUE})")
  String dashboardHost;

  @Option(names = "--no-dashboard", description = "serve no live dashboard or HTTP API")
  boolean noDashboard;

  @Override
  public Integer call() throws Exception {
    String problem = OptionChecks.first(OptionChecks.members(members),
        OptionChecks.threads(threads), OptionChecks.outputFile("--out", out),
        report == null ? null : OptionChecks.outputFile("--report", report));
    if (problem != null) {
      System.err.println("qbone: " + problem);
      return QboneCli.EXIT_BAD_INPUT;
    }
    if (processes < 0 || remoteMembers < 0) {
      System.err.println("qbone: --processes and --remote-members must be >= 0");
      return QboneCli.EXIT_BAD_INPUT;
    }
    if (processes > 0 && remoteMembers > 0) {
      System.err.println("qbone: choose --processes (started here) or --remote-members, not both");
      return QboneCli.EXIT_BAD_INPUT;
    }
    int memberProcesses = processes + remoteMembers;
    if (memberProcesses > 0 && members != 1) {
      System.err.println("qbone: --members is for a run in this JVM; with --processes or "
          + "--remote-members every member is a process");
      return QboneCli.EXIT_BAD_INPUT;
    }
    if (memberProcesses > 0 && report != null) {
      System.err.println("qbone: --report plots the models' live telemetry, which stays in the "
          + "member processes; run without --processes/--remote-members for a report");
      return QboneCli.EXIT_BAD_INPUT;
    }
    if (clusterPort < 0 || clusterPort > 65535) {
      System.err.println("qbone: --cluster-port must be a port in 0..65535, got " + clusterPort);
      return QboneCli.EXIT_BAD_INPUT;
    }
    if (dashboardPort < 0 || dashboardPort > 65535) {
      System.err.println("qbone: --dashboard-port must be a port in 0..65535, got " + dashboardPort);
      return QboneCli.EXIT_BAD_INPUT;
    }
    if (!(realTimeSpeed >= 0) || Double.isInfinite(realTimeSpeed)) {
      System.err.println("qbone: --real-time must be a speed >= 0, got " + realTimeSpeed);
      return QboneCli.EXIT_BAD_INPUT;
    }
    if (metricsPort != null && (metricsPort < 1 || metricsPort > 65535)) {
      System.err.println("qbone: --metrics-port must be a port 1..65535, got " + metricsPort);
      return QboneCli.EXIT_BAD_INPUT;
    }
    Bootstrap clusterBootstrap = null;
    if (bootstrap != null) {
      if (remoteMembers == 0) {
        System.err.println("qbone: --bootstrap is for --remote-members N (members started "
            + "elsewhere find the cluster the same way); --processes children use this "
            + "process as their seed node");
        return QboneCli.EXIT_BAD_INPUT;
      }
      try {
        clusterBootstrap = MemberCommand.bootstrap(bootstrap, managementPort, contactPoints,
            requiredContacts);
      } catch (IllegalArgumentException e) {
        System.err.println("qbone: " + e.getMessage());
        return QboneCli.EXIT_BAD_INPUT;
      }
    } else if (contactPoints != null) {
      System.err.println("qbone: --contact-points is for --bootstrap config");
      return QboneCli.EXIT_BAD_INPUT;
    }
    String hostProblem = OptionChecks.first(
        noDashboard ? null : BindAddress.check("--dashboard-host", dashboardHost),
        noMetrics ? null : BindAddress.check("--metrics-host", metricsHost),
        memberProcesses == 0 ? null : BindAddress.check("--cluster-host", clusterHost));
    if (hostProblem != null) {
      System.err.println("qbone: " + hostProblem);
      return QboneCli.EXIT_BAD_INPUT;
    }
    ScenarioRunner.Finished finished;
    ReportRecorder recorder = null;
    try {
      ScenarioFile file = ScenarioFile.read(scenarioFile);
      Scenario scenario = file.scenario();
      if (seed != null) {
        scenario = scenario.withSeed(seed);
      }
      RunOptions defaults = RunOptions.defaults();
      RunOptions options = new RunOptions(memberProcesses > 0 ? memberProcesses : members,
          threads == null ? defaults.threads() : threads, realTimeSpeed, false);
      NetworkPlan plan = PlanBuilder.build(scenario);
      LiveRun live = new LiveRun(scenario, plan, options, !noMetrics);
      RunMetrics metrics = noMetrics ? null : startMetrics(scenario, live, options);
      if (!noMetrics && metrics == null) {
        if (metricsPort != null) {
          return QboneCli.EXIT_BAD_INPUT;
        }
        // Without metrics nobody folds the reports: keep nothing for a fold.
        live = new LiveRun(scenario, plan, options, false);
      }
      if (report != null) {
        recorder = new ReportRecorder(scenario.nodes().size(), scenario.flows().size(),
            Math.round(scenario.durationS() * 1e9));
      }
      // A progress bar only on a terminal: redirected output and CI logs stay clean.
      boolean showProgress = !quiet && System.console() != null;
      try (metrics; DashboardServer server = noDashboard ? null : startDashboard(live);
          ProgressBar bar = showProgress ? new ProgressBar(live.progress(),
              Math.round(scenario.durationS() * 1e9), System.err, System::nanoTime) : null) {
        List<Telemetry> sinks = new ArrayList<>();
        if (metrics != null || server != null) {
          sinks.add(live.reports());
        }
        if (recorder != null) {
          sinks.add(recorder);
        }
        Telemetry telemetry = sinks.isEmpty() ? Telemetry.NONE
            : sinks.size() == 1 ? sinks.get(0) : Telemetry.fanOut(sinks.toArray(Telemetry[]::new));
        live.running();
        RunHooks hooks = RunHooks.none().withProgress(live.progress()).withTelemetry(telemetry)
            .withInjector(server == null ? null : live.injector());
        finished = memberProcesses == 0
            ? ScenarioRunner.run(scenario, live.plan(), options, hooks)
            : ScenarioRunner.run(scenario, file, live.plan(), options, hooks,
                new MemberProcesses.Plan(memberProcesses, processes > 0, clusterHost, clusterPort,
                    scenarioFile, scenario.seed(), options.threads(), !quiet, clusterBootstrap));
        live.finished();
      }
    } catch (ScenarioException e) {
      System.err.println("qbone: " + e.getMessage());
      return QboneCli.EXIT_BAD_INPUT;
    } catch (ExecutionException e) {
      return RunFailures.report(e, "run");
    }
    var doc = ResultsJson.document(finished);
    try {
      Files.writeString(out, ResultsJson.toJson(doc), StandardCharsets.UTF_8);
    } catch (IOException e) {
      System.err.println("qbone: cannot write results to " + out + ": " + e.getMessage());
      return 1;
    }
    if (report != null) {
      try {
        HtmlReport.write(report, finished, doc, recorder);
      } catch (IOException e) {
        System.err.println("qbone: cannot write the report to " + report + ": " + e.getMessage());
        return 1;
      }
    }
    if (!quiet) {
      Summary.print(doc, System.out);
      System.out.println("results: " + out);
      if (report != null) {
        System.out.println("report: " + report);
      }
    }
    return 0;
  }

  /** The dashboard, or null (with a warning) when its port cannot be bound: the run goes on. */
  private DashboardServer startDashboard(LiveRun live) {
    try {
      DashboardServer server = DashboardServer.start(live, dashboardHost, dashboardPort);
      if (!quiet) {
        System.err.println("dashboard: " + server.url());
      }
      return server;
    } catch (Exception e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      System.err.println("qbone: no dashboard on " + dashboardHost + ":" + dashboardPort + " ("
          + cause.getMessage() + "); use --dashboard-port PORT or --no-dashboard");
      return null;
    }
  }

  /**
   * Starts the Prometheus endpoint, or returns null when its port is taken: an error (printed)
   * when the user chose the port, a warning and a run without metrics for the default port, so
   * a batch run does not fail because another program holds 9095.
   */
  private RunMetrics startMetrics(Scenario scenario, LiveRun live, RunOptions options) {
    int port = metricsPort == null ? MetricsEndpoint.DEFAULT_PORT : metricsPort;
    try {
      RunMetrics m = RunMetrics.start(scenario, live.reports(), live.progress(),
          options.members() * options.threads(), metricsHost, port, !noInstrumentation);
      if (!quiet) {
        System.err.println("qbone: Prometheus metrics at " + m.url());
      }
      return m;
    } catch (MetricsEndpoint.PortInUseException e) {
      System.err.println("qbone: " + e.getMessage() + (metricsPort == null
          ? "; running without metrics (choose a port with --metrics-port)" : ""));
      return null;
    }
  }
}
