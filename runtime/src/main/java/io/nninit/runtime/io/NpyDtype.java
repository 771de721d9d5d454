package io.nninit.runtime.io;

import java.nio.ByteOrder;
import org.jspecify.annotations.Nullable;

/** A numpy {@code descr} we can read: {@code <f4}/{@code >f4} or {@code <i8}/{@code >i8}. */
record NpyDtype(ElementType type, ByteOrder order) {
  /** The dtype a descr names, or null if it is none we read. */
  static @Nullable NpyDtype of(String descr) {
    if (descr.length() != 3) {
      return null;
    }
    ByteOrder order;
    if (descr.charAt(0) == '<') {
      order = ByteOrder.LITTLE_ENDIAN;
    } else if (descr.charAt(0) == '>') {
      order = ByteOrder.BIG_ENDIAN;
    } else {
      return null;
    }
    for (ElementType t : ElementType.values()) {
      if (descr.substring(1).equals(t.npyCode())) {
        return new NpyDtype(t, order);
      }
    }
    return null;
  }
}
