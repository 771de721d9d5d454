package io.nninit.runtime;

/**
 * PyTorch 1.13's default CPU generator: the MT19937 engine that {@code torch.manual_seed(seed)}
 * seeds, plus the cached second value of the double-precision Box–Muller transform that {@code
 * normal_} on fewer than 16 elements leaves behind. The state is allocated once by the constructor;
 * nothing allocates afterwards.
 *
 * <p>The stream is bit-exact: after {@code manualSeed(s)}, {@link #random()} returns the same words
 * as {@code std::mt19937(s & 0xffffffff)} and as PyTorch's generator, and {@link #random64()} the
 * same values as PyTorch's {@code random64()}. Not thread-safe: one generator per thread, as in
 * PyTorch where a lock serializes the draws.
 */
public final class TorchGenerator {
  private static final double TWO_POW_MINUS_53 = 0x1p-53;
  private static final long MASK_53 = (1L << 53) - 1;

  private final Mt19937 engine = new Mt19937();
  private final float[] truncNormalScratch = new float[TorchInit.TRUNC_CHUNK];
  private final int[] truncNormalLanes = new int[TorchInit.TRUNC_LANES];
  private final TorchCapability capability;
  private long seed;
  private boolean hasCachedNormal;
  private double cachedNormal;

  /** A generator seeded with {@code seed}, reproducing the {@link TorchCapability#AVX2} kernels. */
  public TorchGenerator(long seed) {
    this(seed, TorchCapability.AVX2);
  }

  /** A generator seeded with {@code seed}, reproducing the kernels of {@code capability}. */
  public TorchGenerator(long seed, TorchCapability capability) {
    if (capability == null) {
      throw new IllegalArgumentException("capability must not be null; use TorchCapability.AVX2");
    }
    this.capability = capability;
    manualSeed(seed);
  }

  /**
   * {@code torch.manual_seed(seed)}: reseeds the engine with the low 32 bits of {@code seed} (as
   * PyTorch does, so {@code 2^32 + 5} and {@code 5} give the same stream) and forgets the cached
   * normal value.
   */
  public void manualSeed(long seed) {
    this.seed = seed;
    engine.seedGenrand((int) seed);
    hasCachedNormal = false;
    cachedNormal = 0;
  }

  /** The seed last given to {@link #manualSeed(long)} or the constructor, as given. */
  public long initialSeed() {
    return seed;
  }

  /** Which PyTorch CPU kernels the initializers reproduce with this generator. */
  public TorchCapability capability() {
    return capability;
  }

  /**
   * PyTorch's {@code random()}: the next 32-bit output, as an unsigned value in {@code [0, 2^32)}.
   */
  public long random() {
    return nextInt() & 0xFFFF_FFFFL;
  }

  /**
   * PyTorch's {@code random64()}: two 32-bit outputs, the first one in the high half, as the bits
   * of a {@code long} (negative when the top bit is set).
   */
  public long random64() {
    long hi = nextInt() & 0xFFFF_FFFFL;
    long lo = nextInt() & 0xFFFF_FFFFL;
    return (hi << 32) | lo;
  }

  /** The MT19937 engine itself, for kernels that split its stream across threads. */
  Mt19937 engine() {
    return engine;
  }

  /** The workspace of {@link TorchInit#truncNormal} (a generator serves one thread at a time). */
  float[] truncNormalScratch() {
    return truncNormalScratch;
  }

  /** The second workspace of {@link TorchInit#truncNormal}. */
  int[] truncNormalLanes() {
    return truncNormalLanes;
  }

  /** The next 32-bit output as the bits of an {@code int}. */
  int nextInt() {
    return engine.nextInt();
  }

  /** {@code uniform_real_distribution<double>(0, 1)}: 53 bits of {@link #random64()}. */
  double nextDouble() {
    return (random64() & MASK_53) * TWO_POW_MINUS_53;
  }

  /**
   * One standard normal value of {@code at::normal_distribution<double>}: the cached value if there
   * is one (which clears the cache), else a fresh Box–Muller pair whose second value is cached.
   * {@code log} and {@code sqrt} are {@code StrictMath}'s; {@code sin} and {@code cos} are {@link
   * DoubleTrig}'s, practically always correctly rounded and allocation-free on every JDK (glibc,
   * PyTorch's, is not correctly rounded everywhere either; the float values built from these
   * doubles were the same on all 4e7 values checked).
   */
  double nextNormal() {
    if (hasCachedNormal) {
      hasCachedNormal = false;
      return cachedNormal;
    }
    double u1 = nextDouble();
    double u2 = nextDouble();
    double r = StrictMath.sqrt(-2.0 * StrictMath.log(1.0 - u2));
    double theta = 2.0 * Math.PI * u1;
    cachedNormal = r * DoubleTrig.sin(theta);
    hasCachedNormal = true;
    return r * DoubleTrig.cos(theta);
  }

  /** Whether a cached normal value is waiting (PyTorch's {@code next_double_normal_sample}). */
  boolean hasCachedNormal() {
    return hasCachedNormal;
  }
}
