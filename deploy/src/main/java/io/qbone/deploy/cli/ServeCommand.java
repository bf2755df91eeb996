package io.qbone.deploy.cli;

import io.qbone.deploy.kme.KmeApi;
import io.qbone.deploy.kme.KmeHttpServer;
import io.qbone.deploy.kme.KmeJournal;
import io.qbone.deploy.kme.KmeSection;
import io.qbone.deploy.kme.KmeService;
import io.qbone.deploy.kme.KmeTls;
import io.qbone.deploy.kme.ModelKeyFeed;
import io.qbone.deploy.run.PlanBuilder;
import io.qbone.deploy.run.RunHooks;
import io.qbone.deploy.run.RunOptions;
import io.qbone.deploy.run.ScenarioRunner;
import io.qbone.deploy.scenario.KmeSectionReader;
import io.qbone.deploy.scenario.Scenario;
import io.qbone.deploy.scenario.ScenarioException;
import io.qbone.deploy.scenario.ScenarioLoader;
import io.qbone.router.network.NetworkPlan;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code qbone serve SCENARIO}: runs the scenario paced to the wall clock and serves its KMEs'
 * ETSI GS QKD 014 API over HTTPS with client certificates until stopped. The KMEs' key material
 * is the end-to-end keys the QKD model delivers to the scenario's key demands
 * ({@link ModelKeyFeed}).
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Run a scenario in real time and serve its KMEs (ETSI GS QKD 014) over mutual TLS.")
final class ServeCommand implements Callable<Integer> {
  @Parameters(paramLabel = "SCENARIO", description = "scenario YAML file with a kme section")
  Path scenarioFile;

  @Option(names = "--port", defaultValue = "8443",
      description = "HTTPS port, 0 for any free port (default: ${DEFAULT-VALUE})")
  int port;

  @Option(names = "--host", defaultValue = KmeHttpServer.HOST, paramLabel = "ADDR",
      description = "address the KME API listens on; always mutual TLS, so a pod may give its "
          + "own IP (default: ${DEFAULT-VALUE})")
  String host;

  @Option(names = "--speed", defaultValue = "1",
      description = "virtual seconds per wall second (default: ${DEFAULT-VALUE})")
  double speed;

  @Option(names = "--seed", description = "override the scenario's seed")
  Long seed;

  @Option(names = "--keystore", required = true,
      description = "PKCS#12 file with the KME server's key and certificate")
  Path keystore;

  @Option(names = "--truststore", required = true,
      description = "PKCS#12 file with the CA that signs SAE client certificates")
  Path truststore;

  @Option(names = "--store-password", defaultValue = "${env:QBONE_STORE_PASSWORD:-qbone-test}",
      description = "password of both stores (default: $QBONE_STORE_PASSWORD, else the test "
          + "password of scripts/make-test-certs.sh)")
  String storePassword;

  @Option(names = "--journal", defaultValue = "qbone-kme",
      description = "H2 database file of the key journal (H2 adds .mv.db; default: ${DEFAULT-VALUE})")
  Path journal;

  @Option(names = "--journal-url",
      description = "PostgreSQL JDBC URL instead of H2, e.g. jdbc:postgresql://127.0.0.1:5432/qbone")
  String journalUrl;

  @Option(names = "--journal-user", defaultValue = "qbone", description = "PostgreSQL user")
  String journalUser;

  @Option(names = "--journal-password", defaultValue = "${env:QBONE_JOURNAL_PASSWORD:-}",
      description = "PostgreSQL password (default: $QBONE_JOURNAL_PASSWORD)")
  String journalPassword;

  @Override
  public Integer call() throws Exception {
    if (!(speed > 0) || Double.isInfinite(speed)) {
      System.err.println("qbone: --speed must be a number > 0, got " + speed);
      return QboneCli.EXIT_BAD_INPUT;
    }
    if (port < 0 || port > 65535) {
      System.err.println("qbone: --port must be 0 to 65535, got " + port);
      return QboneCli.EXIT_BAD_INPUT;
    }
    String hostProblem = BindAddress.check("--host", host);
    if (hostProblem != null) {
      System.err.println("qbone: " + hostProblem);
      return QboneCli.EXIT_BAD_INPUT;
    }
    // H2 adds .mv.db to the journal's name.
    Path journalFile = Path.of(journal + ".mv.db");
    String journalProblem = journalUrl != null ? null : OptionChecks.first(
        OptionChecks.outputFile("--journal", journalFile),
        OptionChecks.unlocked("--journal", journalFile));
    if (journalProblem != null) {
      System.err.println("qbone: " + journalProblem);
      return QboneCli.EXIT_BAD_INPUT;
    }
    Scenario scenario;
    KmeSection section;
    NetworkPlan plan;
    try {
      scenario = ScenarioLoader.load(scenarioFile);
      if (seed != null) {
        scenario = scenario.withSeed(seed);
      }
      section = KmeSectionReader.read(scenarioFile, scenario);
      // Built before the API is announced: a flow without a path is an error of the input,
      // which used to surface after clients had been told to connect.
      plan = PlanBuilder.build(scenario);
    } catch (ScenarioException e) {
      System.err.println("qbone: " + e.getMessage());
      return QboneCli.EXIT_BAD_INPUT;
    }
    SSLContext tls;
    try {
      char[] password = storePassword.toCharArray();
      tls = KmeTls.context(KmeTls.loadPkcs12(keystore, password), password,
          KmeTls.loadPkcs12(truststore, password));
    } catch (IOException | GeneralSecurityException e) {
      System.err.println("qbone: cannot load the TLS stores " + keystore + ", " + truststore
          + ": " + e.getMessage());
      return QboneCli.EXIT_BAD_INPUT;
    }
    KmeJournal kmeJournal = journalUrl == null ? KmeJournal.h2(journal)
        : KmeJournal.postgres(journalUrl, journalUser, journalPassword);
    KmeService kme = KmeService.start(section.directory(), section.limits(), scenario.seed(),
        kmeJournal);
    KmeHttpServer server;
    try {
      server = KmeHttpServer.start(kme, new KmeApi(kme, section.limits().keySizeBits()), tls,
          host, port);
    } catch (Exception e) {
      kme.close();
      System.err.println("qbone: cannot serve on " + host + ":" + port + ": " + e.getMessage());
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        server.close();
        kme.close();
      } catch (Exception e) {
        System.err.println("qbone: KME shutdown: " + e);
      }
    }, "kme-shutdown"));
    System.out.println("qbone: KME API on https://" + host + ":" + server.port()
        + "/api/v1/keys/ (" + section.directory().links().size() + " node pairs)");
    System.out.flush();

    RunOptions defaults = RunOptions.defaults();
    // After a restart the model is re-run from its seed; it catches up unpaced to where the
    // journal's keys end, so the KMEs get new keys without waiting the old run's whole length.
    double catchUpS = kme.keyMaterialUntilNs() / 1e9;
    if (catchUpS > 0) {
      System.out.printf(Locale.ROOT, "qbone: the journal holds keys up to virtual t = %.3f s; "
          + "catching up to there as fast as possible, then real time%n", catchUpS);
      System.out.flush();
    }
    try {
      ScenarioRunner.run(scenario, plan,
          new RunOptions(1, defaults.threads(), speed, false, catchUpS),
          RunHooks.none().withKeys(new ModelKeyFeed(section, kme.sink())));
    } catch (ScenarioException e) {
      // The QKD plan (e.g. its QRNG device) is built with the KMEs' key sink, so only here.
      System.err.println("qbone: " + e.getMessage());
      return QboneCli.EXIT_BAD_INPUT;
    } catch (ExecutionException e) {
      return RunFailures.report(e, "run");
    }
    System.out.println("qbone: emulation run complete; the KMEs serve until stopped (Ctrl-C)");
    System.out.flush();
    new CountDownLatch(1).await();
    return 0;
  }
}
