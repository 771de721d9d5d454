package io.nninit.runtime.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.nninit.annotation.Convention;
import io.nninit.runtime.BatchNormWeights;
import io.nninit.runtime.ConvWeights;
import io.nninit.runtime.DenseWeights;
import io.nninit.runtime.LayerWeights;
import io.nninit.runtime.Parameter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Hand-made files at the edges of the formats, and the messages they get. */
class FormatEdgeCasesTest {
  private static final WeightsMetadata META = new WeightsMetadata("0.1.0", 0, Map.of());

  @TempDir Path dir;

  private static List<LayerWeights> dense(int in, int out) {
    DenseWeights fc =
        new DenseWeights("fc", new Parameter("kernel", out, in), new Parameter("bias", out));
    Arrays.fill(fc.kernel(), 9f);
    Arrays.fill(fc.bias(), 9f);
    return List.of(fc);
  }

  /** A safetensors file with the given header text (padded as written) and data bytes. */
  private Path safetensors(String header, int dataBytes) throws IOException {
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h);
    Path f = dir.resolve("x.safetensors");
    Files.write(f, b.array());
    return f;
  }

  private WeightsFormatException rejected(Path f, List<LayerWeights> layers) {
    WeightsFormatException e =
        assertThrows(
            WeightsFormatException.class, () -> WeightFiles.load(f, layers, Convention.PYTORCH));
    WeightFilesTest.assertUntouched(layers, 9f, 0);
    return e;
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        // overlapping: fc.bias starts inside fc.weight
        "{\"fc.weight\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]},"
            + "\"fc.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}|12"
            + "|starts at data offset 4 but the previous tensor ends at 8",
        // a hole between the tensors
        "{\"fc.weight\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]},"
            + "\"fc.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,16]}}|16"
            + "|the data is unused from 8",
        // data beyond the last tensor
        "{\"fc.weight\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]},"
            + "\"fc.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}|16"
            + "|cover 12 bytes of data but the file holds 16",
        // offsets past the data
        "{\"fc.weight\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]},"
            + "\"fc.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}|10"
            + "|0 <= begin <= end <= 10",
        // span disagrees with the shape
        "{\"fc.weight\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,12]},"
            + "\"fc.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,16]}}|16"
            + "|span 12 bytes but dtype and shape need 8",
        // a shape whose element count overflows
        "{\"fc.weight\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,8]}}|8|shape"
            + " has too many elements",
        "{\"fc.weight\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,8]}}|8"
            + "|not an integer >= 0",
        "{\"fc.weight\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8],\"extra\":1}}|8"
            + "|unexpected key 'extra'",
        "{\"fc.weight\":{\"dtype\":\"Q7\",\"shape\":[2],\"data_offsets\":[0,8]}}|8|dtype is missing"
            + " or not one of",
        "{\"fc.weight\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"__metadata__\":{\"a\":1}}|8|__metadata__"
            + " value of 'a' is not a string",
        "[1]|0|does not start with '{'",
        "{\"fc.weight\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,1e999]}}|8|is not"
            + " finite",
        // dtype and shape against the model (1 x 2 Dense)
        "{\"fc.weight\":{\"dtype\":\"F16\",\"shape\":[1,2],\"data_offsets\":[0,4]},"
            + "\"fc.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}|8"
            + "|tensor fc.weight has dtype F16 but the model stores float32",
      })
  void safetensorsHeadersThatLieAreRejected(String header, int dataBytes, String problem)
      throws IOException {
    WeightsFormatException e = rejected(safetensors(header, dataBytes), dense(2, 1));
    assertTrue(e.getMessage().contains(problem), e.getMessage());
  }

  @Test
  void safetensorsHeaderLengthIsBoundedByTheFileBeforeAnythingIsAllocated() throws IOException {
    for (long claimed : new long[] {-1L, 1L << 40, 200_000_000L, 17}) {
      ByteBuffer b =
          ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(claimed).putLong(0);
      Path f = dir.resolve("x.safetensors");
      Files.write(f, b.array());
      WeightsFormatException e = rejected(f, dense(2, 1));
      assertTrue(e.getMessage().contains("runs past the end of the 16-byte file"), e.getMessage());
    }
    Path tiny = dir.resolve("tiny.safetensors");
    Files.write(tiny, new byte[3]);
    assertTrue(rejected(tiny, dense(2, 1)).getMessage().contains("3 bytes"));
  }

  @ParameterizedTest
  @EnumSource(WeightsFormat.class)
  void emptyTensorsAndScalarsRoundTrip(WeightsFormat format) throws IOException {
    ConvWeights empty =
        new ConvWeights("c", new Parameter("kernel", 0, 3, 1, 1), new Parameter("bias", 0));
    DenseWeights scalar = new DenseWeights("s", new Parameter("kernel"));
    scalar.kernel()[0] = -0f;
    BatchNormWeights bn =
        new BatchNormWeights(
            "bn",
            null,
            new Parameter("beta", 2),
            new Parameter("moving_mean", 2),
            new Parameter("moving_variance", 2));
    bn.beta()[1] = Float.MIN_VALUE;
    bn.setNumBatchesTracked(Long.MAX_VALUE);
    Path f = dir.resolve("e" + format.extension());
    WeightFiles.save(f, List.of(empty, scalar, bn), Convention.KERAS, META);
    DenseWeights scalar2 = new DenseWeights("s", new Parameter("kernel"));
    BatchNormWeights bn2 =
        new BatchNormWeights(
            "bn",
            null,
            new Parameter("beta", 2),
            new Parameter("moving_mean", 2),
            new Parameter("moving_variance", 2));
    ConvWeights empty2 =
        new ConvWeights("c", new Parameter("kernel", 0, 3, 1, 1), new Parameter("bias", 0));
    WeightFiles.load(f, List.of(empty2, scalar2, bn2), Convention.KERAS);
    assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(scalar2.kernel()[0]));
    assertEquals(Float.MIN_VALUE, bn2.beta()[1]);
    assertEquals(0, bn2.numBatchesTracked(), "Keras files have no batch counter");

    Path pt = dir.resolve("p" + format.extension());
    WeightFiles.save(pt, List.of(empty, scalar, bn), Convention.PYTORCH, META);
    WeightFiles.load(pt, List.of(empty2, scalar2, bn2), Convention.PYTORCH);
    assertEquals(Long.MAX_VALUE, bn2.numBatchesTracked());
  }

  @Test
  void negativeBatchCounterIsRejected() throws IOException {
    String header =
        "{\"bn.running_mean\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
            + "\"bn.running_var\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]},"
            + "\"bn.num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[8,16]}}";
    byte[] h = header.getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(8 + h.length + 16).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(h.length).put(h).putFloat(9f).putFloat(9f).putLong(-3);
    Path f = dir.resolve("n.safetensors");
    Files.write(f, b.array());
    BatchNormWeights bn =
        new BatchNormWeights(
            "bn", null, null, new Parameter("moving_mean", 1), new Parameter("moving_variance", 1));
    bn.movingMean()[0] = 9f;
    bn.movingVariance()[0] = 9f;
    WeightsFormatException e = rejected(f, List.of(bn));
    assertTrue(e.getMessage().contains("bn.num_batches_tracked is negative (-3)"), e.getMessage());
  }

  /** An npy file with a hand-written header in the given version. */
  private Path npy(int major, String dict, byte[] data) throws IOException {
    byte[] text = dict.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
    out.write(text.length & 0xff);
    out.write(text.length >>> 8);
    if (major > 1) {
      out.write(0);
      out.write(0);
    }
    out.write(text);
    out.write(data);
    Path f = dir.resolve("a.npy");
    Files.write(f, out.toByteArray());
    return f;
  }

  private static byte[] floats(ByteOrder order, float... v) {
    ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(order);
    for (float x : v) {
      b.putFloat(x);
    }
    return b.array();
  }

  @Test
  void npyVersions2And3AndPython2LongsAreRead() throws IOException {
    byte[] data = floats(ByteOrder.LITTLE_ENDIAN, 1f, 2f, 3f, 4f, 5f, 6f);
    for (int major = 1; major <= 3; major++) {
      Parameter p =
          Npy.read(
              npy(
                  major,
                  "{\"descr\": \"<f4\", \"shape\": (2L, 3L), 'fortran_order': False}\n",
                  data));
      assertArrayEquals(new int[] {2, 3}, p.shape());
      assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, p.data());
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }|24|dtype '<f8' is not float32",
        "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (3,), }|12|structured dtypes",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (3), }|12|a 1-d shape is written (n,)",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (-3,), }|12|not a non-negative integer",
        "{'descr': '<f4', 'fortran_order': 0, 'shape': (3,), }|12|not True or False",
        "{'descr': '<f4', 'shape': (3,), }|12|needs the keys",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), 'x': 1}|12|unexpected key 'x'",
        "{'descr': '<f4', 'descr': '<f4', 'fortran_order': False, 'shape': (3,)}|12|duplicate key"
            + " 'descr'",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), } x|12|unexpected text after the"
            + " dict",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }|8|needs 12 bytes of data but the"
            + " file has 8",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }|16|needs 12 bytes of data but"
            + " the file has 16",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296, 4294967296),"
            + " }|8|needs more than 2^63",
        "{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000), }|8|needs 40000000000"
            + " bytes",
      })
  void malformedNpyIsRejected(String dict, int dataBytes, String problem) throws IOException {
    Path f = npy(1, dict, new byte[dataBytes]);
    WeightsFormatException e = assertThrows(WeightsFormatException.class, () -> Npy.read(f));
    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    assertTrue(e.getMessage().contains(problem), e.getMessage());
  }

  @Test
  void npyHeaderLengthBeyondTheFileIsRejected() throws IOException {
    Path f = dir.resolve("h.npy");
    Files.write(
        f,
        new byte[] {
          (byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f
        });
    WeightsFormatException e = assertThrows(WeightsFormatException.class, () -> Npy.read(f));
    assertTrue(
        e.getMessage().contains("header length 2147483647 runs past the end (12 bytes)"),
        e.getMessage());
  }

  @Test
  void npyWriteChecksTheShape() {
    Path f = dir.resolve("w.npy");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Npy.write(f, new float[5], 2, 3));
    assertTrue(
        e.getMessage().contains("shape [2, 3] has 6 elements but data has 5"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Npy.write(f, new float[0], -1, 0));
    assertTrue(Files.notExists(f));
  }

  @Test
  void headersMatchNumpysLayoutForEveryRank() {
    // the data starts at a multiple of 64; the dict keeps NumPy's key order and growth padding
    for (int[] shape : new int[][] {{}, {7}, {2, 3}, {123456789, 1, 1, 1, 1, 1, 1, 1}}) {
      byte[] h = NpyHeader.format(ElementType.F32, shape);
      assertEquals(0, h.length % 64, Arrays.toString(shape));
      String text = new String(h, 10, h.length - 10, StandardCharsets.ISO_8859_1);
      assertTrue(text.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': ("), text);
      assertTrue(text.endsWith(" \n"), text);
    }
  }
}
