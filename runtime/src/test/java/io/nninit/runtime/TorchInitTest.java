package io.nninit.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad arguments are rejected before anything is drawn or written. */
class TorchInitTest {
  private final TorchGenerator generator = new TorchGenerator(3);
  private final float[] out = new float[64];

  private void rejectsUntouched(Executable call, String messagePart) {
    Arrays.fill(out, 42f);
    generator.manualSeed(3);
    TorchGenerator reference = new TorchGenerator(3);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().contains(messagePart), e.getMessage());
    float[] untouched = new float[out.length];
    Arrays.fill(untouched, 42f);
    assertArrayEquals(untouched, out, "output written before the error");
    assertEquals(reference.random(), generator.random(), "generator advanced before the error");
  }

  @Test
  void uniformRejectsReversedBoundsAndBadRanges() {
    rejectsUntouched(
        () -> TorchInit.uniform(out, 0, 10, 1.0, -1.0, generator), "from=1.0 > to=-1.0");
    rejectsUntouched(
        () -> TorchInit.uniform(out, 60, 10, 0, 1, generator), "offset + count <= out.length");
    rejectsUntouched(() -> TorchInit.uniform(out, -1, 10, 0, 1, generator), "offset");
    rejectsUntouched(() -> TorchInit.uniform(out, 0, 10, 0, Double.NaN, generator), "finite");
  }

  @Test
  void normalRejectsNegativeStd() {
    rejectsUntouched(
        () -> TorchInit.normal(out, 0, 20, 0, -1, generator), "normal expects std >= 0.0");
  }

  @Test
  void truncNormalRejectsZeroStdAndReversedBounds() {
    rejectsUntouched(
        () -> TorchInit.truncNormal(out, 0, 20, 0, 0, -2, 2, generator), "std must be > 0");
    rejectsUntouched(
        () -> TorchInit.truncNormal(out, 0, 20, 0, 1, 2, -2, generator), "a must be <= b");
  }

  @Test
  void diracRejectsWhatPyTorchRejects() {
    rejectsUntouched(
        () -> TorchInit.dirac(out, 0, new int[] {4, 4}, 1),
        "only tensors with 3, 4, or 5 dimensions");
    rejectsUntouched(
        () -> TorchInit.dirac(out, 0, new int[] {1, 1, 1, 1, 1, 1}, 1), "3, 4, or 5 dimensions");
    rejectsUntouched(
        () -> TorchInit.dirac(out, 0, new int[] {3, 2, 3}, 2), "dim 0 must be divisible by groups");
    rejectsUntouched(
        () -> TorchInit.dirac(out, 0, new int[] {4, 4, 5}, 1), "offset + count <= out.length");
  }

  @Test
  void workspacesCheckTheirArguments() {
    TorchOrthogonal orthogonal = new TorchOrthogonal(8, 9);
    rejectsUntouched(() -> orthogonal.fill(out, 0, 1.0, generator), "offset + count <= out.length");
    TorchSparse sparse = new TorchSparse(8, 8);
    rejectsUntouched(() -> sparse.fill(out, 0, 0.1, -1, generator), "std >= 0.0");
    assertThrows(IllegalArgumentException.class, () -> new TorchOrthogonal(-1, 3));
    assertThrows(IllegalArgumentException.class, () -> new TorchSparse(3, -1));
  }

  @Test
  void sparseZeroesLikeAPythonSlice() {
    assertEquals(1, TorchSparse.zerosPerColumn(3, 0.1)); // ceil(0.3)
    assertEquals(0, TorchSparse.zerosPerColumn(10, 0.0));
    assertEquals(10, TorchSparse.zerosPerColumn(10, 1.5)); // [:15] of 10 indices
    assertEquals(8, TorchSparse.zerosPerColumn(10, -0.2)); // [:-2]
  }

  @Test
  void orthogonalRowsAreOrthonormal() {
    // property check independent of PyTorch: Q Q^T = gain^2 I for a wide matrix
    int rows = 6;
    int cols = 10;
    float[] q = new float[rows * cols];
    new TorchOrthogonal(rows, cols).fill(q, 0, 2.0, new TorchGenerator(5));
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < rows; j++) {
        double dot = 0;
        for (int k = 0; k < cols; k++) {
          dot += (double) q[i * cols + k] * q[j * cols + k];
        }
        assertEquals(i == j ? 4.0 : 0.0, dot, 1e-5, "row " + i + " . row " + j);
      }
    }
  }
}
