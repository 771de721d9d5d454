package io.nninit.runtime.io;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes a file through a temporary sibling that replaces the target only when complete, so a
 * failed save never leaves a half-written file under the target's name.
 */
final class AtomicFile {
  /** Writes the content to an open channel. */
  @FunctionalInterface
  interface Content {
    void writeTo(FileChannel channel) throws IOException;
  }

  private AtomicFile() {}

  static void write(Path target, Content content) throws IOException {
    Path absolute = target.toAbsolutePath();
    Path dir = requireNonNull(absolute.getParent(), "a file path has a parent directory");
    Path name = absolute.getFileName();
    // not Files.createTempFile: its files are private (0600); ours get the umask's permissions
    Path tmp = dir.resolve("." + name + "." + Long.toHexString(System.nanoTime()) + ".tmp");
    FileChannel channel =
        FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    boolean done = false;
    try {
      try (FileChannel ch = channel) {
        content.writeTo(ch);
        ch.force(false);
      }
      try {
        Files.move(
            tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
      done = true;
    } finally {
      if (!done) {
        Files.deleteIfExists(tmp);
      }
    }
  }
}
