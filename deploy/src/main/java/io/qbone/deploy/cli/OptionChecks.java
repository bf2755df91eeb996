package io.qbone.deploy.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Checks of command-line options that must hold before a run starts, so that a mistake costs no
 * run time and loses no results. Each returns null when the option is fine, else the message.
 */
final class OptionChecks {
  /**
   * Cluster members formed in one JVM: each is an actor system with its own dispatcher and port;
   * the project's tests use 1 to 3, and 64 already needs many times the cores of a machine.
   */
  static final int MAX_MEMBERS = 64;
  /**
   * Dispatcher threads per member: beyond the cores they only add context switches, and the
   * fork-join pool refuses more than 32,767 (which used to end the run in a stack trace).
   */
  static final int MAX_THREADS = 256;

  private OptionChecks() {}

  /** The first of {@code problems} that is not null, or null. */
  static String first(String... problems) {
    for (String p : problems) {
      if (p != null) {
        return p;
      }
    }
    return null;
  }

  static String members(int members) {
    return members >= 1 && members <= MAX_MEMBERS ? null
        : "--members must be 1 to " + MAX_MEMBERS + ", got " + members;
  }

  static String threads(Integer threads) {
    return threads == null || (threads >= 1 && threads <= MAX_THREADS) ? null
        : "--threads must be 1 to " + MAX_THREADS + " per member, got " + threads;
  }

  /**
   * That {@code file} (given as {@code option}) can be written: not a directory, in an existing
   * directory in which a file can be created (tried, then removed), or an existing writable file.
   */
  static String outputFile(String option, Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    if (Files.isDirectory(absolute)) {
      return option + " " + file + " is a directory; expected a file to write";
    }
    Path dir = absolute.getParent();
    if (!Files.exists(dir)) {
      return option + " " + file + ": the directory " + dir + " does not exist";
    }
    if (!Files.isDirectory(dir)) {
      return option + " " + file + ": " + dir + " is not a directory";
    }
    if (Files.exists(absolute)) {
      return Files.isWritable(absolute) ? null : option + " " + file + " is not writable";
    }
    try {
      Files.delete(Files.createTempFile(dir, ".qbone-", ".probe"));
      return null;
    } catch (IOException | SecurityException e) {
      return option + " " + file + ": cannot create files in " + dir + " (" + e + ")";
    }
  }

  /**
   * That no one holds a lock on {@code file} (given as {@code option}): H2 locks its database
   * file while open, and a second {@code serve} on the same journal used to wait 30 s for it and
   * end in a stack trace. The lock is tried and released at once.
   */
  static String unlocked(String option, Path file) {
    if (!Files.exists(file)) {
      return null;
    }
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
      FileLock lock = channel.tryLock();
      if (lock == null) {
        return option + " " + file + " is in use by another process (another qbone serve?)";
      }
      lock.release();
      return null;
    } catch (OverlappingFileLockException e) {
      return option + " " + file + " is in use by this process";
    } catch (IOException e) {
      return option + " " + file + ": cannot open it for writing (" + e + ")";
    }
  }
}
