package io.nninit.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Slices of a tensor's stream: any element range can be generated on its own, also where the
 * 128-bit counter carries out of its first word. Expected bits come from the reference emulation
 * {@code tf_philox.py} (glibc logf/sincosf), see {@code src/test/python/stream_carry_vectors.py}.
 */
class StreamRangeTest {
  private static final long SEED0 = 42;
  private static final long SEED1 = 0;

  // elements [2^34 - 6, 2^34 + 6): blocks 2^32 - 2 .. 2^32 + 1, the counter carries into word 1
  private static final int[] UNIFORM_AROUND_2_POW_34 = {
    0x3f53bb48, 0x3ec3c83c, 0x3f0edb94, 0x3f30fc3c, 0x3ee863f0, 0x3ea3d14c,
    0x3f290c76, 0x3f24a40e, 0x3f7011d4, 0x3c412a80, 0x3e6476f0, 0x3efb1768
  };
  private static final int[] NORMAL_AROUND_2_POW_34 = {
    0x3ed4804b, 0xbee933f7, 0xbf80f920, 0xbec7373a, 0x3f91974b, 0xbf08ec04,
    0xbf3696f7, 0xbf111a2e, 0x3cd955bb, 0x3eb707cd, 0x3dd58db1, 0xbfdd4e9c
  };
  // elements [2^26 - 6, 2^26 + 6): group 2^24 starts at counter + 2^32, a carry into word 1
  private static final int[] TRUNCATED_AROUND_2_POW_26 = {
    0xbe91d6cf, 0x3ed81618, 0x3f287678, 0xbf109c02, 0xbfb5be36, 0xbf29a0fa,
    0xbf3696f7, 0xbf111a2e, 0x3cd955bb, 0x3eb707cd, 0x3dfd2f16, 0x3e454e69
  };
  // elements [5, 15)
  private static final int[] TRUNCATED_FROM_5 = {
    0x3df1d255, 0xbbb76f58, 0xbe1445d5, 0xbd415945, 0x3f83cd52,
    0xbecd48d4, 0x3df5a767, 0x3f4c7bdd, 0xbfaed778, 0xbf0b80ef
  };

  @Test
  void uniformPastTwoToThe34() {
    float[] out = new float[12];
    KerasRandom.uniform(out, 0, 12, (1L << 34) - 6, SEED0, SEED1, 0f, 1f);
    assertBits(UNIFORM_AROUND_2_POW_34, out);
  }

  @Test
  void normalPastTwoToThe34() {
    float[] out = new float[12];
    KerasRandom.normal(out, 0, 12, (1L << 34) - 6, SEED0, SEED1, 0f, 1f);
    assertBits(NORMAL_AROUND_2_POW_34, out);
  }

  @Test
  void truncatedNormalPastTwoToThe26() {
    float[] out = new float[12];
    KerasRandom.truncatedNormal(out, 0, 12, (1L << 26) - 6, SEED0, SEED1, 0f, 1f);
    assertBits(TRUNCATED_AROUND_2_POW_26, out);
  }

  @Test
  void truncatedNormalFromAnElementInsideAGroup() {
    float[] out = new float[10];
    KerasRandom.truncatedNormal(out, 0, 10, 5, SEED0, SEED1, 0f, 1f);
    assertBits(TRUNCATED_FROM_5, out);
  }

  @Test
  void everySliceEqualsTheSameElementsOfTheWholeTensor() {
    int n = 37;
    float[] uniform = new float[n];
    float[] normal = new float[n];
    float[] truncated = new float[n];
    KerasRandom.uniform(uniform, 0, n, SEED0, SEED1, -1f, 2f);
    KerasRandom.normal(normal, 0, n, SEED0, SEED1, 0.5f, 3f);
    KerasRandom.truncatedNormal(truncated, 0, n, SEED0, SEED1, 0.5f, 3f);
    for (int from = 0; from < n; from++) {
      for (int to = from; to <= n; to++) {
        float[] slice = new float[to - from + 2];
        KerasRandom.uniform(slice, 1, to - from, from, SEED0, SEED1, -1f, 2f);
        assertSlice(uniform, from, to, slice);
        KerasRandom.normal(slice, 1, to - from, from, SEED0, SEED1, 0.5f, 3f);
        assertSlice(normal, from, to, slice);
        KerasRandom.truncatedNormal(slice, 1, to - from, from, SEED0, SEED1, 0.5f, 3f);
        assertSlice(truncated, from, to, slice);
      }
    }
  }

  private static void assertSlice(float[] whole, int from, int to, float[] slice) {
    for (int i = from; i < to; i++) {
      assertEquals(
          Float.floatToRawIntBits(whole[i]),
          Float.floatToRawIntBits(slice[1 + i - from]),
          "element " + i + " of slice [" + from + ", " + to + ")");
    }
    assertEquals(0f, slice[0], "nothing written before the slice");
    assertEquals(0f, slice[slice.length - 1], "nothing written after the slice");
  }

  private static void assertBits(int[] expected, float[] actual) {
    int[] bits = new int[actual.length];
    for (int i = 0; i < bits.length; i++) {
      bits[i] = Float.floatToRawIntBits(actual[i]);
    }
    assertArrayEquals(expected, bits);
  }
}
