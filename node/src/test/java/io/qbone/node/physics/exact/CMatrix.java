package io.qbone.node.physics.exact;

/**
 * Dense complex square matrix, the reference arithmetic for 1–4 qubits (up to 16x16). Written for
 * clarity, not speed: it only checks the fast Bell-diagonal algebra in tests. Qubit 0 is the most
 * significant bit of a basis index.
 */
public final class CMatrix {
  final int n;
  final double[] re;
  final double[] im;

  public CMatrix(int n) {
    this.n = n;
    this.re = new double[n * n];
    this.im = new double[n * n];
  }

  public static CMatrix identity(int n) {
    CMatrix m = new CMatrix(n);
    for (int i = 0; i < n; i++) {
      m.re[i * n + i] = 1;
    }
    return m;
  }

  /** Matrix from row-major real and imaginary parts. */
  public static CMatrix of(int n, double[] re, double[] im) {
    CMatrix m = new CMatrix(n);
    System.arraycopy(re, 0, m.re, 0, n * n);
    System.arraycopy(im, 0, m.im, 0, n * n);
    return m;
  }

  /** |v><v| for a column vector given by its real and imaginary parts. */
  public static CMatrix projector(double[] vr, double[] vi) {
    int n = vr.length;
    CMatrix m = new CMatrix(n);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        // v_i conj(v_j)
        m.re[i * n + j] = vr[i] * vr[j] + vi[i] * vi[j];
        m.im[i * n + j] = vi[i] * vr[j] - vr[i] * vi[j];
      }
    }
    return m;
  }

  public int dim() {
    return n;
  }

  public double re(int i, int j) {
    return re[i * n + j];
  }

  public double im(int i, int j) {
    return im[i * n + j];
  }

  public CMatrix times(CMatrix o) {
    CMatrix m = new CMatrix(n);
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < n; k++) {
        double ar = re[i * n + k];
        double ai = im[i * n + k];
        if (ar == 0 && ai == 0) {
          continue;
        }
        for (int j = 0; j < n; j++) {
          double br = o.re[k * n + j];
          double bi = o.im[k * n + j];
          m.re[i * n + j] += ar * br - ai * bi;
          m.im[i * n + j] += ar * bi + ai * br;
        }
      }
    }
    return m;
  }

  public CMatrix adjoint() {
    CMatrix m = new CMatrix(n);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        m.re[j * n + i] = re[i * n + j];
        m.im[j * n + i] = -im[i * n + j];
      }
    }
    return m;
  }

  /** Entry-wise complex conjugate. */
  public CMatrix conjugate() {
    CMatrix m = new CMatrix(n);
    System.arraycopy(re, 0, m.re, 0, n * n);
    for (int i = 0; i < n * n; i++) {
      m.im[i] = -im[i];
    }
    return m;
  }

  public CMatrix plus(CMatrix o) {
    CMatrix m = new CMatrix(n);
    for (int i = 0; i < n * n; i++) {
      m.re[i] = re[i] + o.re[i];
      m.im[i] = im[i] + o.im[i];
    }
    return m;
  }

  public CMatrix scale(double s) {
    CMatrix m = new CMatrix(n);
    for (int i = 0; i < n * n; i++) {
      m.re[i] = re[i] * s;
      m.im[i] = im[i] * s;
    }
    return m;
  }

  /** Kronecker product this ⊗ o. */
  public CMatrix kron(CMatrix o) {
    int d = n * o.n;
    CMatrix m = new CMatrix(d);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        double ar = re[i * n + j];
        double ai = im[i * n + j];
        for (int k = 0; k < o.n; k++) {
          for (int l = 0; l < o.n; l++) {
            double br = o.re[k * o.n + l];
            double bi = o.im[k * o.n + l];
            int r = i * o.n + k;
            int c = j * o.n + l;
            m.re[r * d + c] = ar * br - ai * bi;
            m.im[r * d + c] = ar * bi + ai * br;
          }
        }
      }
    }
    return m;
  }

  /** U this U†. */
  public CMatrix conjugateBy(CMatrix u) {
    return u.times(this).times(u.adjoint());
  }

  public double traceRe() {
    double t = 0;
    for (int i = 0; i < n; i++) {
      t += re[i * n + i];
    }
    return t;
  }

  public double traceIm() {
    double t = 0;
    for (int i = 0; i < n; i++) {
      t += im[i * n + i];
    }
    return t;
  }

  /** Real part of <v|this|v> for a real vector v (Bell states are real). */
  public double expectation(double[] v) {
    double s = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        s += v[i] * re[i * n + j] * v[j];
      }
    }
    return s;
  }

  /** <u|this|v> for real vectors, as {re, im}. */
  public double[] element(double[] u, double[] v) {
    double r = 0;
    double i2 = 0;
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        r += u[i] * re[i * n + j] * v[j];
        i2 += u[i] * im[i * n + j] * v[j];
      }
    }
    return new double[] {r, i2};
  }

  /** Largest entry-wise modulus of this - o. */
  public double maxAbsDiff(CMatrix o) {
    double d = 0;
    for (int i = 0; i < n * n; i++) {
      d = Math.max(d, Math.hypot(re[i] - o.re[i], im[i] - o.im[i]));
    }
    return d;
  }

  /**
   * Partial trace keeping the listed qubits (in the given order) of a {@code qubits}-qubit
   * matrix.
   */
  public CMatrix keep(int qubits, int... kept) {
    int k = kept.length;
    int dk = 1 << k;
    CMatrix m = new CMatrix(dk);
    int traced = qubits - k;
    int[] tracedQubits = new int[traced];
    int t = 0;
    for (int q = 0; q < qubits; q++) {
      boolean isKept = false;
      for (int kq : kept) {
        isKept |= kq == q;
      }
      if (!isKept) {
        tracedQubits[t++] = q;
      }
    }
    for (int a = 0; a < dk; a++) {
      for (int b = 0; b < dk; b++) {
        for (int e = 0; e < (1 << traced); e++) {
          int i = compose(qubits, kept, a, tracedQubits, e);
          int j = compose(qubits, kept, b, tracedQubits, e);
          m.re[a * dk + b] += re[i * n + j];
          m.im[a * dk + b] += im[i * n + j];
        }
      }
    }
    return m;
  }

  private static int compose(int qubits, int[] kept, int keptBits, int[] traced, int tracedBits) {
    int idx = 0;
    for (int i = 0; i < kept.length; i++) {
      int bit = (keptBits >> (kept.length - 1 - i)) & 1;
      idx |= bit << (qubits - 1 - kept[i]);
    }
    for (int i = 0; i < traced.length; i++) {
      int bit = (tracedBits >> (traced.length - 1 - i)) & 1;
      idx |= bit << (qubits - 1 - traced[i]);
    }
    return idx;
  }
}
