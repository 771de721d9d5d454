package io.nninit.runtime;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * PyTorch's AVX2 {@code normal_} Box–Muller ({@link TorchInit#boxMuller}) on vectors of 8 floats,
 * the kernel's own shape: per block of 16 uniforms, the first 8 give the radii and the last 8 the
 * angles. {@link #log} and the inlined {@code sinCos} are {@link TorchVectorMath}'s, operation for
 * operation (each {@link Math#fma} a lanewise fused multiply-add, each bit trick a reinterpretation
 * and an integer lane operation), so every lane has the scalar code's bits.
 */
final class VectorTorchNormal {
  private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_256;
  private static final int HALF_BLOCK = 8;
  private static final int BLOCK = 2 * HALF_BLOCK;
  private static final int TILE = 64 * BLOCK; // 4 KiB: both passes find the tile in L1
  private static final float TWO_PI_F = (float) (2.0 * Math.PI);
  private static final int HALF_BITS = Float.floatToRawIntBits(0.5f);
  private static final FloatVector ONE = constant(1f);
  private static final FloatVector HALF = constant(0.5f);
  private static final FloatVector LOG_P0 = constant(TorchVectorMath.LOG_P0);
  private static final FloatVector LOG_P1 = constant(TorchVectorMath.LOG_P1);
  private static final FloatVector LOG_P2 = constant(TorchVectorMath.LOG_P2);
  private static final FloatVector LOG_P3 = constant(TorchVectorMath.LOG_P3);
  private static final FloatVector LOG_P4 = constant(TorchVectorMath.LOG_P4);
  private static final FloatVector LOG_P5 = constant(TorchVectorMath.LOG_P5);
  private static final FloatVector LOG_P6 = constant(TorchVectorMath.LOG_P6);
  private static final FloatVector LOG_P7 = constant(TorchVectorMath.LOG_P7);
  private static final FloatVector LOG_P8 = constant(TorchVectorMath.LOG_P8);
  private static final FloatVector LOG_Q2 = constant(TorchVectorMath.LOG_Q2);
  private static final FloatVector DP1 = constant(TorchVectorMath.DP1);
  private static final FloatVector DP2 = constant(TorchVectorMath.DP2);
  private static final FloatVector DP3 = constant(TorchVectorMath.DP3);
  private static final FloatVector SIN_P0 = constant(TorchVectorMath.SIN_P0);
  private static final FloatVector SIN_P1 = constant(TorchVectorMath.SIN_P1);
  private static final FloatVector SIN_P2 = constant(TorchVectorMath.SIN_P2);
  private static final FloatVector COS_P0 = constant(TorchVectorMath.COS_P0);
  private static final FloatVector COS_P1 = constant(TorchVectorMath.COS_P1);
  private static final FloatVector COS_P2 = constant(TorchVectorMath.COS_P2);

  private VectorTorchNormal() {}

  private static FloatVector constant(float value) {
    return FloatVector.broadcast(FLOATS, value);
  }

  /**
   * See {@link VectorKernels#boxMullerBlocks}. Two passes per tile of {@link #TILE} floats, each a
   * method and loop of its own: the radii (written over the {@code u1} halves, exact: they are
   * floats), then the angles, sines, cosines and outputs. One loop doing both came so close to C2's
   * inlining node budget that it boxed (24 KB per call) once other vector kernels had run in the
   * same JVM and made the Vector API's shared profiles polymorphic.
   */
  static int boxMullerBlocks(float[] d, int from, int end, float mean, float std) {
    int whole = from + (end - from) / BLOCK * BLOCK;
    for (int tile = from; tile < whole; tile += TILE) {
      int tileEnd = Math.min(whole, tile + TILE);
      radii(d, tile, tileEnd);
      outputs(d, tile, tileEnd, mean, std);
    }
    return whole - from;
  }

  /** {@code sqrt(-2 log(1 - u1))} over the {@code u1} half of each block in {@code [from, end)}. */
  private static void radii(float[] d, int from, int end) {
    for (int i = from; i < end; i += BLOCK) {
      log(ONE.sub(FloatVector.fromArray(FLOATS, d, i))).mul(-2f).sqrt().intoArray(d, i);
    }
  }

  /**
   * The outputs of the blocks in {@code [from, end)} from their radii (where {@code u1} was) and
   * their {@code u2}.
   */
  private static void outputs(float[] d, int from, int end, float mean, float std) {
    FloatVector meanV = FloatVector.broadcast(FLOATS, mean);
    FloatVector stdV = FloatVector.broadcast(FLOATS, std);
    for (int i = from; i < end; i += BLOCK) {
      FloatVector radius = FloatVector.fromArray(FLOATS, d, i);
      FloatVector u2 = FloatVector.fromArray(FLOATS, d, i + HALF_BLOCK);
      FloatVector angle = u2.mul(TWO_PI_F);
      // sinCos, inlined: its two results as one vector each
      IntVector valueBits = angle.reinterpretAsInts();
      IntVector signSin = valueBits.and(0x8000_0000);
      FloatVector x = valueBits.and(0x7FFF_FFFF).reinterpretAsFloats();
      IntVector octant =
          ((IntVector) x.mul(TorchVectorMath.FOUR_OVER_PI).convert(VectorOperators.F2I, 0))
              .add(1)
              .and(~1);
      FloatVector y = (FloatVector) octant.convert(VectorOperators.I2F, 0);
      IntVector swapSign = octant.and(4).lanewise(VectorOperators.LSHL, 29);
      // all ones when (octant & 2) == 0
      IntVector sinPolynomial = octant.and(2).lanewise(VectorOperators.ASHR, 1).sub(1);
      x = y.fma(DP1, x);
      x = y.fma(DP2, x);
      x = y.fma(DP3, x);
      IntVector signCos = octant.sub(2).not().and(4).lanewise(VectorOperators.LSHL, 29);
      signSin = signSin.lanewise(VectorOperators.XOR, swapSign);
      FloatVector z = x.mul(x);
      FloatVector yc = COS_P0.fma(z, COS_P1);
      yc = yc.fma(z, COS_P2);
      yc = yc.mul(z);
      FloatVector halfZ = z.mul(0.5f);
      yc = yc.fma(z, halfZ.neg());
      yc = yc.add(ONE);
      FloatVector ys = SIN_P0.fma(z, SIN_P1);
      ys = ys.fma(z, SIN_P2);
      ys = ys.mul(z);
      ys = ys.fma(x, x);
      FloatVector sinPart = ys.reinterpretAsInts().and(sinPolynomial).reinterpretAsFloats();
      FloatVector cosPart = yc.reinterpretAsInts().and(sinPolynomial.not()).reinterpretAsFloats();
      ys = ys.sub(sinPart);
      yc = yc.sub(cosPart);
      FloatVector sin =
          cosPart
              .add(sinPart)
              .reinterpretAsInts()
              .lanewise(VectorOperators.XOR, signSin)
              .reinterpretAsFloats();
      FloatVector cos =
          yc.add(ys)
              .reinterpretAsInts()
              .lanewise(VectorOperators.XOR, signCos)
              .reinterpretAsFloats();
      radius.mul(cos).fma(stdV, meanV).intoArray(d, i);
      radius.mul(sin).fma(stdV, meanV).intoArray(d, i + HALF_BLOCK);
    }
  }

  /** {@link TorchVectorMath#log} on each lane. */
  static FloatVector log(FloatVector value) {
    IntVector bits = value.max(TorchVectorMath.MIN_NORMAL).reinterpretAsInts();
    IntVector exponent = bits.lanewise(VectorOperators.LSHR, 23).sub(0x7F);
    FloatVector x = bits.and(~0x7F80_0000).or(HALF_BITS).reinterpretAsFloats();
    FloatVector e = ((FloatVector) exponent.convert(VectorOperators.I2F, 0)).add(1f);
    // all ones when x < sqrt(1/2)
    IntVector below =
        x.sub(TorchVectorMath.SQRTHF).reinterpretAsInts().lanewise(VectorOperators.ASHR, 31);
    FloatVector tmp = x.reinterpretAsInts().and(below).reinterpretAsFloats();
    x = x.sub(ONE);
    e = e.sub(below.and(TorchVectorMath.ONE_BITS).reinterpretAsFloats());
    x = x.add(tmp);
    FloatVector z = x.mul(x);
    FloatVector y = LOG_P0.fma(x, LOG_P1);
    y = y.fma(x, LOG_P2);
    y = y.fma(x, LOG_P3);
    y = y.fma(x, LOG_P4);
    y = y.fma(x, LOG_P5);
    y = y.fma(x, LOG_P6);
    y = y.fma(x, LOG_P7);
    y = y.fma(x, LOG_P8);
    y = y.mul(x);
    y = y.fma(z, e.mul(TorchVectorMath.LOG_Q1));
    y = z.neg().fma(HALF, y);
    x = x.add(y);
    return e.fma(LOG_Q2, x);
  }
}
