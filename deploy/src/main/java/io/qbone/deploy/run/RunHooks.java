package io.qbone.deploy.run;

import io.qbone.node.engine.Injector;
import io.qbone.node.engine.RunProgress;
import io.qbone.node.telemetry.Telemetry;
import io.qbone.qkd.pool.KeyBlockSink;

/**
 * How the world outside a run watches and feeds it: progress (progress bar, metrics), telemetry
 * (metrics, dashboard, report), an injector for live requests and faults (null: none accepted)
 * and where end-to-end keys leave the emulation (a KME). None of them changes the outcome except
 * through injected messages, which the results record.
 */
public record RunHooks(RunProgress progress, Telemetry telemetry, Injector injector,
    KeyBlockSink keys) {

  /** Nothing watches or feeds the run. */
  public static RunHooks none() {
    return new RunHooks(new RunProgress(), Telemetry.NONE, null, KeyBlockSink.NONE);
  }

  public RunHooks withProgress(RunProgress p) {
    return new RunHooks(p, telemetry, injector, keys);
  }

  public RunHooks withTelemetry(Telemetry t) {
    return new RunHooks(progress, t, injector, keys);
  }

  public RunHooks withInjector(Injector i) {
    return new RunHooks(progress, telemetry, i, keys);
  }

  public RunHooks withKeys(KeyBlockSink k) {
    return new RunHooks(progress, telemetry, injector, k);
  }
}
