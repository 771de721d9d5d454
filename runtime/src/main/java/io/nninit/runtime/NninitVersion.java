package io.nninit.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version of this nninit runtime, as its build recorded it ({@code 0.1.0-SNAPSHOT}); weights
 * files name it in their metadata. Read once, when the class is first used.
 */
public final class NninitVersion {
  private static final String RESOURCE = "version.properties";
  private static final String VERSION = read();

  private NninitVersion() {}

  /**
   * The runtime's version; {@code unknown} when the classes were built without Maven's resource
   * filtering (an IDE build), so the recorded value was never filled in.
   */
  public static String current() {
    return VERSION;
  }

  /**
   * Which kernels this runtime runs, and why: {@code vector: ...} when the JDK 21+ Vector API
   * kernels are in use (the runtime jar on JDK 21 or later, started with {@code --add-modules
   * jdk.incubator.vector}), otherwise {@code scalar: } and what would enable them. Both give the
   * same bits; only the speed differs.
   */
  public static String kernels() {
    return VectorKernels.describe();
  }

  private static String read() {
    try (InputStream in = NninitVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "");
      return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE + " of the nninit runtime", e);
    }
  }
}
