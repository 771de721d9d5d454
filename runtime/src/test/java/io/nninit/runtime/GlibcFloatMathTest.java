package io.nninit.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Our logf/sinf/cosf equal glibc's over the whole Box-Muller domain: the SHA-256 of all 2^23
 * results (little-endian float32, k = 0 .. 2^23-1) is the hash of glibc 2.36's own table, given in
 * the Keras oracle's README (copied to src/test/resources/oracles/keras/README.md).
 */
class GlibcFloatMathTest {
  @Test
  void logfEqualsGlibcOnTheWholeDomain() {
    assertEquals(
        "207fef8ffa8c82caf82c478ee40c5bdbcc5d64d385cd8a1ce60d832fcf03b59b",
        tableHash(k -> Float.floatToRawIntBits(GlibcFloatMath.logf(k))));
  }

  @Test
  void sinfEqualsGlibcOnTheWholeDomain() {
    assertEquals(
        "c718616d24ba03d8eb34fe59f6febc3b383c7d947dec50bdf58c10fbf51946b5",
        tableHash(k -> Float.floatToRawIntBits(GlibcFloatMath.sinf(k))));
  }

  @Test
  void cosfEqualsGlibcOnTheWholeDomain() {
    assertEquals(
        "b085eb29bc0360f27b736db7ccc9c80d33b0e35e0b810174d45e42383540001c",
        tableHash(k -> Float.floatToRawIntBits(GlibcFloatMath.cosf(k))));
  }

  /**
   * The lookups the vector kernels use ({@code logIndex/logValue}, {@code sincosIndex/sincosValue})
   * give glibc's values as the resources record them (measured from glibc itself), read here
   * independently of the lookup structure; where only one of sine and cosine is listed, the other
   * is the correctly rounded value ({@code StrictMath}).
   */
  @Test
  void lookupsGiveTheRecordedGlibcValues() throws IOException {
    long[] logFilter = GlibcFloatMath.logFilter();
    long[] sincosFilter = GlibcFloatMath.sincosFilter();
    Map<Integer, Integer> log = records("logf_exceptions.bin");
    Map<Integer, Integer> sin = records("sinf_exceptions.bin");
    Map<Integer, Integer> cos = records("cosf_exceptions.bin");
    assertEquals(60931, log.size());
    assertEquals(108108, sin.size());
    assertEquals(108456, cos.size());
    for (Map.Entry<Integer, Integer> e : log.entrySet()) {
      int k = e.getKey();
      assertTrue((logFilter[k >>> 6] & (1L << k)) != 0, "log filter misses k = " + k);
      assertEquals(
          e.getValue().intValue(),
          Float.floatToRawIntBits(GlibcFloatMath.logValue(GlibcFloatMath.logIndex(k))),
          "k = " + k);
    }
    Set<Integer> either = new HashSet<>(sin.keySet());
    either.addAll(cos.keySet());
    long filterBits = 0;
    for (long word : sincosFilter) {
      filterBits += Long.bitCount(word);
    }
    assertEquals(either.size(), filterBits, "sincos filter bits");
    for (int k : either) {
      assertTrue((sincosFilter[k >>> 6] & (1L << k)) != 0, "sincos filter misses k = " + k);
      long pair = GlibcFloatMath.sincosValue(GlibcFloatMath.sincosIndex(k));
      double x = GlibcFloatMath.angle(k);
      int expectedSin = sin.getOrDefault(k, Float.floatToRawIntBits((float) StrictMath.sin(x)));
      int expectedCos = cos.getOrDefault(k, Float.floatToRawIntBits((float) StrictMath.cos(x)));
      assertEquals(expectedSin, (int) pair, "sine, k = " + k);
      assertEquals(expectedCos, (int) (pair >>> 32), "cosine, k = " + k);
    }
  }

  /** The resource's little-endian {@code (uint32 k, uint32 glibc bits)} records. */
  private static Map<Integer, Integer> records(String resource) throws IOException {
    byte[] bytes;
    try (InputStream in = GlibcFloatMath.class.getResourceAsStream(resource)) {
      assertNotNull(in, resource);
      bytes = in.readAllBytes();
    }
    ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    Map<Integer, Integer> records = new HashMap<>();
    while (buffer.remaining() >= 8) {
      records.put(buffer.getInt(), buffer.getInt());
    }
    return records;
  }

  /**
   * The midpoint bounds skip only unlisted k, checked at every k: where the correctly rounded
   * value's distance from a float midpoint exceeds its key's bound, the filter is clear. And they
   * skip most: the k left to the filter are about 7% (logf) and 12% (sincosf).
   */
  @Test
  void kFartherFromAMidpointThanTheBoundAreNotListed() {
    long[] logFilter = GlibcFloatMath.logFilter();
    long[] sincosFilter = GlibcFloatMath.sincosFilter();
    int[] logBounds = GlibcFloatMath.logBounds();
    int[] sinBounds = GlibcFloatMath.sinBounds();
    int[] cosBounds = GlibcFloatMath.cosBounds();
    int logNear = 0;
    int sincosNear = 0;
    for (int k = 0; k < GlibcFloatMath.DOMAIN_SIZE; k++) {
      double log = BoxMullerMath.log(GlibcFloatMath.logArgument(k));
      double x = GlibcFloatMath.angle(k);
      int octant = GlibcFloatMath.sincosBoundKey(k);
      boolean logFar =
          GlibcFloatMath.midpointDistance(log) > logBounds[GlibcFloatMath.logBoundKey(log)];
      boolean sincosFar =
          GlibcFloatMath.midpointDistance(BoxMullerMath.sin(x)) > sinBounds[octant]
              && GlibcFloatMath.midpointDistance(BoxMullerMath.cos(x)) > cosBounds[octant];
      if (logFar) {
        assertEquals(0, logFilter[k >>> 6] & (1L << k), "logf, k = " + k);
      } else {
        logNear++;
      }
      if (sincosFar) {
        assertEquals(0, sincosFilter[k >>> 6] & (1L << k), "sincosf, k = " + k);
      } else {
        sincosNear++;
      }
    }
    assertTrue(logNear < GlibcFloatMath.DOMAIN_SIZE / 14, "logf: " + logNear);
    assertTrue(sincosNear < GlibcFloatMath.DOMAIN_SIZE / 8, "sincosf: " + sincosNear);
  }

  @Test
  void clampsOnlyKZeroAndRoundsTheAngleOnce() {
    assertEquals(1.0e-7f, GlibcFloatMath.logArgument(0));
    assertEquals(0x1p-23f, GlibcFloatMath.logArgument(1));
    assertEquals((float) (2.0 * Math.PI * 0.5), GlibcFloatMath.angle(1 << 22));
  }

  private static String tableHash(IntUnaryOperator bitsOfK) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      ByteBuffer chunk = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
      for (int k = 0; k < GlibcFloatMath.DOMAIN_SIZE; k++) {
        chunk.putInt(bitsOfK.applyAsInt(k));
        if (!chunk.hasRemaining()) {
          sha.update(chunk.array());
          chunk.clear();
        }
      }
      sha.update(chunk.array(), 0, chunk.position());
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
