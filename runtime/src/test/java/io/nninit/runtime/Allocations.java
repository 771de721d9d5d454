package io.nninit.runtime;

import java.lang.management.ManagementFactory;

/**
 * Bytes a call allocates once the JIT has compiled it. Interpreted and C1-compiled code may box
 * (the Vector API kernels do until C2 compiles them), so the call runs until two calls in a row
 * allocate nothing, up to a bound; a call that allocates every time never gets there and its last
 * count is returned, so a test comparing with 0 fails with the bytes of one call.
 */
final class Allocations {
  private static final com.sun.management.ThreadMXBean THREADS =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  private static final int MAX_CALLS = 20_000;
  private static final int WINDOW_CALLS = 50;
  private static final int WINDOWS = 3;

  private Allocations() {}

  /**
   * 0 once two consecutive calls allocate nothing and then a window of {@link #WINDOW_CALLS} calls
   * allocates nothing in total; else the bytes of the last call or window measured. A call that
   * allocates now and then (every third call, or on one path) fails every window. The JVM itself
   * may allocate a few hundred bytes once while it compiles or deoptimizes (seen with {@code
   * orthogonal_}), so a later window gets {@link #WINDOWS} tries.
   */
  static long afterWarmUp(Runnable call) {
    long last = -1;
    int zerosInARow = 0;
    for (int i = 0; i < MAX_CALLS && zerosInARow < 2; i++) {
      long before = THREADS.getCurrentThreadAllocatedBytes();
      call.run();
      last = THREADS.getCurrentThreadAllocatedBytes() - before;
      zerosInARow = last == 0 ? zerosInARow + 1 : 0;
    }
    if (last != 0) {
      return last;
    }
    for (int window = 0; window < WINDOWS; window++) {
      long before = THREADS.getCurrentThreadAllocatedBytes();
      for (int i = 0; i < WINDOW_CALLS; i++) {
        call.run();
      }
      last = THREADS.getCurrentThreadAllocatedBytes() - before;
      if (last == 0) {
        return 0;
      }
    }
    return last;
  }
}
