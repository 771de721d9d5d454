import io.nninit.runtime.BatchNorm;
import io.nninit.runtime.BatchNormWeights;
import io.nninit.runtime.ChannelLayout;
import io.nninit.runtime.Parameter;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.Arrays;
import java.util.Random;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Loop shapes on the same arrays in one JVM: nninit's channels-first inference kernel, the C loop
 * in the shape of PyTorch's kernel (loops.c, called through the FFM API on the Java arrays), C2's
 * unrolled 512-bit Vector API loop (nninit's previous kernel shape) and System.arraycopy. The four
 * alternate, one block after another, round after round, so they share the machine's phases and
 * the same physical pages. Prints each one's median and the quartiles of its per-round speed
 * relative to the C loop (> 1 = faster). Run with bench/loops/run.sh (JDK 22+, gcc).
 */
public final class LoopShapes {
  static final int BATCH = 32, CHANNELS = 64, SPATIAL = 56 * 56, N = BATCH * CHANNELS * SPATIAL;
  static final VectorSpecies<Float> WIDE = FloatVector.SPECIES_512;

  interface Kernel {
    void run() throws Throwable;
  }

  public static void main(String[] args) throws Throwable {
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 100;
    float[] x = new float[N];
    float[] y = new float[N];
    Random random = new Random(0);
    for (int i = 0; i < N; i++) {
      x[i] = (float) random.nextGaussian();
    }
    BatchNorm bn = BatchNorm.pytorch("bn", CHANNELS, ChannelLayout.CHANNELS_FIRST, 0.1, 1e-5, 1);
    BatchNormWeights w =
        new BatchNormWeights(
            "bn",
            new Parameter("gamma", CHANNELS),
            new Parameter("beta", CHANNELS),
            new Parameter("moving_mean", CHANNELS),
            new Parameter("moving_variance", CHANNELS));
    float[] scale = new float[CHANNELS];
    float[] shift = new float[CHANNELS];
    for (int c = 0; c < CHANNELS; c++) {
      w.gamma()[c] = 0.5f + random.nextFloat();
      w.beta()[c] = random.nextFloat() - 0.5f;
      w.movingVariance()[c] = 1f;
      scale[c] = (float) (w.gamma()[c] / Math.sqrt(1 + 1e-5));
      shift[c] = w.beta()[c];
    }
    MethodHandle torchShaped =
        Linker.nativeLinker()
            .downcallHandle(
                SymbolLookup.libraryLookup(args[0], Arena.global())
                    .find("torch_shaped_affine")
                    .orElseThrow(),
                FunctionDescriptor.ofVoid(
                    ValueLayout.ADDRESS,
                    ValueLayout.ADDRESS,
                    ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS,
                    ValueLayout.ADDRESS),
                Linker.Option.critical(true));
    String[] names = {"C loop, PyTorch's shape", "nninit inference NCHW", "unrolled 512-bit loop",
        "System.arraycopy"};
    Kernel[] kernels = {
      () -> {
        torchShaped.invokeExact(
            MemorySegment.ofArray(x),
            MemorySegment.ofArray(y),
            BATCH,
            CHANNELS,
            SPATIAL,
            MemorySegment.ofArray(scale),
            MemorySegment.ofArray(shift));
      },
      () -> bn.inference(w, x, y, BATCH, SPATIAL),
      () -> wide(x, y, scale, shift),
      () -> System.arraycopy(x, 0, y, 0, N)
    };
    for (int warm = 0; warm < 30; warm++) {
      for (Kernel k : kernels) {
        k.run();
      }
    }
    int reps = 3;
    double[][] t = new double[kernels.length][rounds * reps];
    for (int r = 0; r < rounds; r++) {
      for (int j = 0; j < kernels.length; j++) {
        int k = (j + r) % kernels.length; // who goes first rotates
        kernels[k].run();
        for (int q = 0; q < reps; q++) {
          long t0 = System.nanoTime();
          kernels[k].run();
          t[k][r * reps + q] = (System.nanoTime() - t0) / 1e6;
        }
      }
    }
    for (int k = 0; k < kernels.length; k++) {
      double[] ratio = new double[rounds];
      for (int r = 0; r < rounds; r++) {
        ratio[r] = median(t[0], r * reps, reps) / median(t[k], r * reps, reps);
      }
      Arrays.sort(ratio);
      double[] all = t[k].clone();
      Arrays.sort(all);
      System.out.printf(
          "%-26s median %6.3f ms   speed vs the C loop %5.3fx (quartiles %4.2f-%4.2f)%n",
          names[k], all[all.length / 2], ratio[rounds / 2], ratio[rounds / 4], ratio[3 * rounds / 4]);
    }
  }

  static double median(double[] a, int from, int n) {
    double[] b = Arrays.copyOfRange(a, from, from + n);
    Arrays.sort(b);
    return b[n / 2];
  }

  /** The previous kernel's shape: a counted loop of 512-bit vectors, which C2 unrolls. */
  static void wide(float[] x, float[] y, float[] scale, float[] shift) {
    for (int n = 0; n < BATCH; n++) {
      for (int c = 0; c < CHANNELS; c++) {
        int p = (n * CHANNELS + c) * SPATIAL;
        FloatVector a = FloatVector.broadcast(WIDE, scale[c]);
        FloatVector b = FloatVector.broadcast(WIDE, shift[c]);
        int i = p;
        for (; i <= p + SPATIAL - WIDE.length(); i += WIDE.length()) {
          FloatVector.fromArray(WIDE, x, i).fma(a, b).intoArray(y, i);
        }
        for (; i < p + SPATIAL; i++) {
          y[i] = Math.fma(x[i], scale[c], shift[c]);
        }
      }
    }
  }
}
