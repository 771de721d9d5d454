package io.nninit.example;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/** Says in words what a file-system exception means; its own message is often just a path. */
final class IoMessages {
  private IoMessages() {}

  static String describe(IOException e) {
    if (e instanceof NoSuchFileException n) {
      return "no such file or directory (" + n.getFile() + "); create the folder first";
    }
    if (e instanceof AccessDeniedException a) {
      return "permission denied (" + a.getFile() + ")";
    }
    if (e instanceof NotDirectoryException n) {
      return "not a directory (" + n.getFile() + ")";
    }
    if (e instanceof FileAlreadyExistsException f) {
      return "a file is in the way (" + f.getFile() + ")";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
