package io.nninit.runtime.io;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.nninit.annotation.Convention;
import io.nninit.runtime.Parameter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feeds each loader 1,200 seeded mutations of a valid file (truncations, bit flips, overwritten,
 * inserted and deleted bytes, edited headers with the length field fixed up or not, rebuilt zip
 * archives) and requires every one to either load or throw {@link WeightsFormatException}, with the
 * model untouched on failure, within 5 s, allocating less than 8 MiB (the files are a few KB, so an
 * allocation sized by an unchecked header field would exceed it). Truncated files must fail.
 */
class LoaderFuzzTest {
  /** Mutants per loader; {@code -Dfuzz.mutants=N} and {@code -Dfuzz.seed=S} explore further. */
  private static final int MUTANTS = Integer.getInteger("fuzz.mutants", 1200);

  private static final long MAX_ALLOCATED = 8 << 20;
  private static final long SEED = Long.getLong("fuzz.seed", 0x5eed_1e55L);
  private static final String[] NUMBERS = {
    "-1",
    "0",
    "1",
    "3",
    "4",
    "7",
    "1e999",
    "-1e999",
    "1.5",
    "1e3",
    "65535",
    "4294967296",
    "2147483647",
    "2147483648",
    "9223372036854775807",
    "9223372036854775808",
    "18446744073709551615",
    "99999999999999999999999",
    "NaN",
    "Infinity",
    "00",
    "-0"
  };
  private static final String[] STRINGS = {
    "F16",
    "F64",
    "I64",
    "F32",
    "BF16",
    "X",
    "",
    "<f4",
    ">f4",
    "<i8",
    "<f8",
    "|u1",
    "O",
    "bn1.weight",
    "fc.bias",
    "__metadata__",
    "shape",
    "data_offsets",
    "dtype",
    "descr",
    "fortran_order",
    "\\u0000",
    "\\ud800",
    "\\"
  };
  private static final String JUNK = "{}[](),:\"' 0123456789-eE.\\TrueFalse\n\u00e9";

  @TempDir static Path dir;
  private static ExecutorService executor;

  @BeforeAll
  static void start() {
    executor = Executors.newSingleThreadExecutor();
  }

  @AfterAll
  static void stop() {
    executor.shutdownNow();
  }

  /** Loads one file into a fresh target; returns normally on success or our exception. */
  @FunctionalInterface
  interface Loader {
    void load(Path file) throws IOException;
  }

  @Test
  void safetensors() throws Exception {
    TestModel source = TestModel.pytorch().randomize(21);
    Path base = dir.resolve("base.safetensors");
    WeightFiles.save(
        base, source.layers, Convention.PYTORCH, new WeightsMetadata("0.1.0", 1, Map.of()));
    byte[] valid = Files.readAllBytes(base);
    TestModel target = TestModel.pytorch();
    fuzz(
        "safetensors",
        valid,
        this::editSafetensorsHeader,
        f -> WeightFiles.load(f, WeightsFormat.SAFETENSORS, target.layers, Convention.PYTORCH),
        () -> target.fill(9f, 5),
        () -> WeightFilesTest.assertUntouched(target.layers, 9f, 5));
  }

  @Test
  void npz() throws Exception {
    TestModel source = TestModel.pytorch().randomize(22);
    Path base = dir.resolve("base.npz");
    WeightFiles.save(
        base, source.layers, Convention.PYTORCH, new WeightsMetadata("0.1.0", 1, Map.of()));
    byte[] valid = Files.readAllBytes(base);
    List<Map.Entry<String, byte[]>> entries = new ArrayList<>();
    try (ZipFile zip = new ZipFile(base.toFile())) {
      for (ZipEntry e : Collections.list(zip.entries())) {
        entries.add(Map.entry(e.getName(), zip.getInputStream(e).readAllBytes()));
      }
    }
    TestModel target = TestModel.pytorch();
    fuzz(
        "npz",
        valid,
        random -> rebuildZip(entries, random),
        f -> WeightFiles.load(f, WeightsFormat.NPZ, target.layers, Convention.PYTORCH),
        () -> target.fill(9f, 5),
        () -> WeightFilesTest.assertUntouched(target.layers, 9f, 5));
  }

  @Test
  void npy() throws Exception {
    Parameter source = new Parameter("x", 3, 4, 5);
    TestModel.pytorch().randomize(23); // no state shared; values below are seeded directly
    SplittableRandom values = new SplittableRandom(23);
    for (int i = 0; i < source.size(); i++) {
      source.data()[i] = (float) values.nextGaussian();
    }
    Path base = dir.resolve("base.npy");
    Npy.write(base, source);
    byte[] valid = Files.readAllBytes(base);
    Parameter target = new Parameter("x", 3, 4, 5);
    int[] call = {0};
    fuzz(
        "npy",
        valid,
        this::editNpyHeader,
        f -> {
          if (call[0]++ % 2 == 0) {
            Npy.read(f, target);
          } else {
            Npy.read(f);
          }
        },
        () -> Arrays.fill(target.data(), 9f),
        () -> {
          for (float v : target.data()) {
            if (v != 9f) {
              fail("the parameter changed although loading failed");
            }
          }
        });
  }

  private void fuzz(
      String what,
      byte[] valid,
      java.util.function.Function<SplittableRandom, byte[]> headerEdit,
      Loader loader,
      Runnable reset,
      Runnable checkUntouched)
      throws Exception {
    SplittableRandom random = new SplittableRandom(SEED ^ what.hashCode());
    Path file = dir.resolve("mutant-" + what);
    int loaded = 0;
    int rejected = 0;
    String[] lastMessage = {""};
    for (int i = 0; i < MUTANTS; i++) {
      int kind = random.nextInt(6);

      byte[] mutant =
          switch (kind) {
            case 0 -> Arrays.copyOf(valid, random.nextInt(valid.length));
            case 1 -> flipBits(valid, random);
            case 2 -> overwrite(valid, random);
            case 3 -> insertOrDelete(valid, random);
            default -> headerEdit.apply(random);
          };
      Files.write(file, mutant);
      reset.run();
      String label = what + " mutant " + i + " (kind " + kind + ", " + mutant.length + " bytes)";
      Future<Long> result =
          executor.submit(
              () -> {
                var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
                long before = threads.getCurrentThreadAllocatedBytes();
                try {
                  loader.load(file);
                  return threads.getCurrentThreadAllocatedBytes() - before;
                } catch (WeightsFormatException e) {
                  lastMessage[0] = e.getMessage();
                  assertTrue(e.getMessage() != null && !e.getMessage().isEmpty(), label);
                  return -1 - (threads.getCurrentThreadAllocatedBytes() - before);
                }
              });
      long outcome;
      try {
        outcome = result.get(5, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        result.cancel(true);
        throw new AssertionError(label + " did not load or fail within 5 s", e);
      } catch (ExecutionException e) {
        throw new AssertionError(
            label + " threw " + e.getCause() + " instead of WeightsFormatException", e.getCause());
      }
      long allocated = outcome >= 0 ? outcome : -1 - outcome;
      if (allocated > MAX_ALLOCATED) {
        fail(label + " allocated " + allocated + " bytes");
      }
      if (outcome < 0) {
        rejected++;
        if (Boolean.getBoolean("fuzz.verbose")) {
          System.out.println(label + ": " + lastMessage[0]);
        }
        checkUntouched.run();
      } else {
        loaded++;
        if (kind == 0) {
          fail(label + ": a truncated file loaded");
        }
      }
    }
    System.out.println(
        what + ": " + MUTANTS + " mutants, " + loaded + " loaded, " + rejected + " rejected");
    assertTrue(
        loaded > 0 && rejected > MUTANTS / 2,
        what + ": " + loaded + " loaded, " + rejected + " rejected");
  }

  private static byte[] flipBits(byte[] valid, SplittableRandom random) {
    byte[] m = valid.clone();
    int flips = 1 + random.nextInt(8);
    for (int k = 0; k < flips; k++) {
      int at = random.nextInt(m.length);
      m[at] ^= (byte) (1 << random.nextInt(8));
    }
    return m;
  }

  private static byte[] overwrite(byte[] valid, SplittableRandom random) {
    byte[] m = valid.clone();
    int at = random.nextInt(m.length);
    int n = 1 + random.nextInt(Math.min(8, m.length - at));
    for (int k = 0; k < n; k++) {
      m[at + k] = (byte) (random.nextBoolean() ? 0xff : random.nextInt(256));
    }
    return m;
  }

  private static byte[] insertOrDelete(byte[] valid, SplittableRandom random) {
    int at = random.nextInt(valid.length);
    int n = 1 + random.nextInt(16);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(valid, 0, at);
    if (random.nextBoolean()) {
      for (int k = 0; k < n; k++) {
        out.write(random.nextInt(256));
      }
      out.write(valid, at, valid.length - at);
    } else {
      int skip = Math.min(n, valid.length - at);
      out.write(valid, at + skip, valid.length - at - skip);
    }
    return out.toByteArray();
  }

  /** One textual edit of a header: a number, a string, a deleted, inserted or duplicated span. */
  static String editText(String text, SplittableRandom random) {
    switch (random.nextInt(6)) {
      case 0 -> {
        return replaceRandomMatch(
            text, Pattern.compile("\\d+"), NUMBERS[random.nextInt(NUMBERS.length)], random);
      }
      case 1 -> {
        return replaceRandomMatch(
            text,
            Pattern.compile("(?<=[\"'])[^\"',:]*(?=[\"'])"),
            STRINGS[random.nextInt(STRINGS.length)],
            random);
      }
      case 2 -> {
        int at = random.nextInt(text.length());
        int n = 1 + random.nextInt(Math.min(5, text.length() - at));
        return text.substring(0, at) + text.substring(at + n);
      }
      case 3 -> {
        int at = random.nextInt(text.length() + 1);
        return text.substring(0, at)
            + JUNK.charAt(random.nextInt(JUNK.length()))
            + text.substring(at);
      }
      case 4 -> {
        int a = random.nextInt(text.length());
        int b = a + random.nextInt(Math.min(40, text.length() - a) + 1);
        int at = random.nextInt(text.length() + 1);
        return text.substring(0, at) + text.substring(a, b) + text.substring(at);
      }
      default -> {
        String nested = "[".repeat(1 + random.nextInt(5000));
        int at = random.nextInt(text.length() + 1);
        return text.substring(0, at) + nested + text.substring(at);
      }
    }
  }

  private static String replaceRandomMatch(
      String text, Pattern pattern, String replacement, SplittableRandom random) {
    Matcher m = pattern.matcher(text);
    List<int[]> spans = new ArrayList<>();
    while (m.find()) {
      spans.add(new int[] {m.start(), m.end()});
    }
    if (spans.isEmpty()) {
      return text;
    }
    int[] s = spans.get(random.nextInt(spans.size()));
    return text.substring(0, s[0]) + replacement + text.substring(s[1]);
  }

  private static int lengthField(int actual, SplittableRandom random) {
    return switch (random.nextInt(10)) {
      case 0 -> random.nextInt();
      case 1 -> actual + random.nextInt(64) - 32;
      default -> actual;
    };
  }

  private byte[] editSafetensorsHeader(SplittableRandom random) {
    byte[] valid = validSafetensors();
    int n = (int) ByteBuffer.wrap(valid).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
    String header = new String(valid, 8, n, StandardCharsets.UTF_8);
    byte[] edited = editText(header, random).getBytes(StandardCharsets.UTF_8);
    ByteBuffer out =
        ByteBuffer.allocate(8 + edited.length + valid.length - 8 - n)
            .order(ByteOrder.LITTLE_ENDIAN);
    long length = random.nextInt(20) == 0 ? random.nextLong() : lengthField(edited.length, random);
    out.putLong(length).put(edited).put(valid, 8 + n, valid.length - 8 - n);
    return out.array();
  }

  private byte[] safetensorsCache;

  private byte[] validSafetensors() {
    if (safetensorsCache == null) {
      try {
        safetensorsCache = Files.readAllBytes(dir.resolve("base.safetensors"));
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return safetensorsCache;
  }

  /** Edits an npy file's header text and maybe its version and length field. */
  static byte[] editNpy(byte[] valid, SplittableRandom random) {
    if (valid.length < 10) {
      return valid;
    }
    // an entry edited before may carry a bogus length: edit what is there
    int n = Math.min((valid[8] & 0xff) | (valid[9] & 0xff) << 8, valid.length - 10);
    String header = new String(valid, 10, n, StandardCharsets.ISO_8859_1);
    String text = random.nextInt(8) == 0 ? header : editText(header, random);
    byte[] edited = text.getBytes(StandardCharsets.ISO_8859_1);
    int version = random.nextInt(6) == 0 ? 1 + random.nextInt(4) : 1;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(valid, 0, 6);
    out.write(version);
    out.write(random.nextInt(10) == 0 ? 1 : 0);
    int length = lengthField(edited.length, random);
    out.write(length & 0xff);
    out.write(length >>> 8 & 0xff);
    if (version > 1) {
      out.write(length >>> 16 & 0xff);
      out.write(length >>> 24 & 0xff);
    }
    out.write(edited, 0, edited.length);
    out.write(valid, 10 + n, valid.length - 10 - n);
    return out.toByteArray();
  }

  private byte[] editNpyHeader(SplittableRandom random) {
    try {
      return editNpy(Files.readAllBytes(dir.resolve("base.npy")), random);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A well-formed zip whose entries were dropped, renamed, duplicated, edited or recompressed. */
  private static byte[] rebuildZip(
      List<Map.Entry<String, byte[]>> entries, SplittableRandom random) {
    List<Map.Entry<String, byte[]>> mutated = new ArrayList<>(entries);
    int edits = 1 + random.nextInt(3);
    for (int k = 0; k < edits; k++) {
      int i = random.nextInt(mutated.size());
      Map.Entry<String, byte[]> e = mutated.get(i);
      switch (random.nextInt(6)) {
        case 0 -> mutated.remove(i);
        case 1 -> mutated.set(i, Map.entry(editText(e.getKey(), random), e.getValue()));
        case 2 -> mutated.add(Map.entry(e.getKey().replace(".npy", ""), e.getValue()));
        case 3 -> mutated.add(Map.entry("extra" + k + ".npy", e.getValue()));
        default -> mutated.set(i, Map.entry(e.getKey(), editNpy(e.getValue(), random)));
      }
      if (mutated.isEmpty()) {
        mutated.add(entries.get(0));
      }
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      java.util.Set<String> names = new java.util.HashSet<>();
      for (Map.Entry<String, byte[]> e : mutated) {
        if (!names.add(e.getKey())) {
          continue;
        }
        ZipEntry entry = new ZipEntry(e.getKey());
        if (random.nextBoolean()) {
          CRC32 crc = new CRC32();
          crc.update(e.getValue());
          entry.setMethod(ZipEntry.STORED);
          entry.setSize(e.getValue().length);
          entry.setCrc(crc.getValue());
        }
        zip.putNextEntry(entry);
        zip.write(e.getValue());
        zip.closeEntry();
      }
      if (random.nextInt(4) == 0) {
        zip.setComment(
            editText("{\"nninit.convention\":\"PYTORCH\",\"nninit.seed\":\"1\"}", random));
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
