package io.qbone.node.hardware;

/**
 * Presets for common platforms. Every number carries its source in {@link PlatformPreset#sources};
 * values marked "approximate" are representative orders of magnitude that were not re-checked
 * against the paper and must be verified before quantitative claims (docs/physics.md).
 */
public enum Platform {
  NV_CENTRE {
    @Override
    public PlatformPreset preset() {
      double ns = 5.5e3; // electron reset + photon emission per attempt
      return new PlatformPreset("nv_centre",
          new SingleClick(0.1, 0.9),
          new FiberParams(5.0, 1.45, FiberParams.misalignmentFromPhaseNoise(Math.toRadians(15))),
          new PhotonSourceParams(1e9 / ns, 0),
          new DetectorParams(0.8, 5e-7, 0),
          BsmParams.LINEAR_OPTICS,
          new MemoryParams(3.5e-4 / 0.8, 3600, 1.46, 2, Double.POSITIVE_INFINITY),
          new BsmParams(BsmParams.Kind.DETERMINISTIC, 0.02),
          """
          Humphreys et al., Nature 558, 268 (2018): single-click scheme; visibility 0.9; residual \
          interferometer phase noise 15 deg (misalignment_error = (1 - exp(-sigma^2/2))/2); total \
          detection efficiency 2.8e-4 and 4.2e-4 per detector path (mean 3.5e-4, divided by the \
          detector efficiency to give emission_efficiency); dark counts 20 Hz in a 25 ns window; \
          5.5 us per attempt. These numbers as compiled in the netsquid-nv NVParameterSet2019 \
          (QuTech), which quotes the authors. Hensen et al., Nature 526, 682 (2015) SI: detector \
          efficiency 0.8. Abobeih et al., Nat. Commun. 9, 2552 (2018): electron T1 ~ 1 h, T2 = \
          1.46 s under dynamical decoupling. Fiber at 637 nm: 5 dB/km, group index 1.45 (same \
          compilation). bright_state_population 0.1 is a choice: the paper scans alpha. Node \
          swap gate depolarising 0.02: fit to Kalb et al., Science 356, 928 (2017) in that \
          compilation. capacity 2 (electron + one carbon) is a choice.""");
    }
  },
  TRAPPED_ION {
    @Override
    public PlatformPreset preset() {
      return new PlatformPreset("trapped_ion",
          new DoubleClick(0.95),
          new FiberParams(0.2, 1.468, 0.01),
          new PhotonSourceParams(1e5, 0),
          DetectorParams.DEFAULT,
          BsmParams.LINEAR_OPTICS,
          new MemoryParams(0.1, Double.POSITIVE_INFINITY, 0.1, 2, Double.POSITIVE_INFINITY),
          new BsmParams(BsmParams.Kind.DETERMINISTIC, 0.01),
          """
          Approximate (orders of magnitude, not re-checked): ion-cavity nodes with photons \
          converted to 1550 nm as in Krutyanskiy et al., npj Quantum Inf. 5, 72 (2019), and \
          two-photon heralding between ions as in Krutyanskiy et al., PRL 130, 050803 (2023). \
          emission_efficiency 0.1 stands for cavity out-coupling x frequency conversion; \
          100 kHz attempt rate; T2 0.1 s; visibility 0.95; gate depolarising 0.01. Verify \
          against those papers before quantitative use.""");
    }
  },
  ATOMIC_ENSEMBLE {
    @Override
    public PlatformPreset preset() {
      return new PlatformPreset("atomic_ensemble",
          new SingleClick(0.01, 1.0),
          FiberParams.DEFAULT,
          new PhotonSourceParams(1e6, 0),
          new DetectorParams(0.9, 0, 0),
          BsmParams.LINEAR_OPTICS,
          new MemoryParams(0.9, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 1000,
              Double.POSITIVE_INFINITY),
          BsmParams.LINEAR_OPTICS,
          """
          Sangouard et al., Rev. Mod. Phys. 83, 33 (2011): DLCZ-type single-click links with \
          small excitation probability (bright_state_population 0.01 here), memory retrieval and \
          detector efficiencies 0.9 and telecom fiber at 0.2 dB/km as in the review's protocol \
          comparisons (approximate: quoted from memory of the review, verify), linear-optics \
          swaps (success 1/2). Memories do not decay here, as in those rate comparisons; \
          capacity 1000 modes stands for multimode (temporal) storage and is a choice; 1 MHz \
          attempt rate is a choice.""");
    }
  },
  ALL_PHOTONIC {
    @Override
    public PlatformPreset preset() {
      return new PlatformPreset("all_photonic",
          new SourceInTheMiddle(1.0),
          FiberParams.DEFAULT,
          new PhotonSourceParams(1e8, 0.01),
          new DetectorParams(0.95, 1e-7, 0),
          BsmParams.LINEAR_OPTICS,
          new MemoryParams(1, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 1,
              Double.POSITIVE_INFINITY),
          BsmParams.LINEAR_OPTICS,
          """
          Azuma, Tamaki, Lo, Nat. Commun. 6, 6787 (2015) replace memories by repeater graph \
          states; this preset only approximates an elementary link as a midpoint SPDC source \
          with lossless photonic 'memories' and linear-optics BSMs. The loss tolerance of the \
          graph-state encoding is NOT modelled. 100 MHz clock, mu 0.01, detector 0.95 and dark \
          counts 1e-7 are approximate choices, not numbers from the paper.""");
    }
  };

  public abstract PlatformPreset preset();
}
