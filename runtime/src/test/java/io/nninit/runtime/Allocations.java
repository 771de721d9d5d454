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

  private Allocations() {}

  /** 0 once two consecutive calls allocate nothing; else the bytes the last call allocated. */
  static long afterWarmUp(Runnable call) {
    long last = -1;
    int zerosInARow = 0;
    for (int i = 0; i < MAX_CALLS && zerosInARow < 2; i++) {
      long before = THREADS.getCurrentThreadAllocatedBytes();
      call.run();
      last = THREADS.getCurrentThreadAllocatedBytes() - before;
      zerosInARow = last == 0 ? zerosInARow + 1 : 0;
    }
    return last;
  }
}
