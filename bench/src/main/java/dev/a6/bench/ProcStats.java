package dev.a6.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time and memory of another process, read from Linux's /proc. */
final class ProcStats {
  private ProcStats() {}

  /**
   * CPU time the process has used, in nanoseconds: the sum over its threads of the time on a CPU
   * ({@code /proc/<pid>/task/<tid>/schedstat}, nanosecond resolution), else utime + stime in
   * clock ticks.
   */
  static long cpuNanos(long pid) {
    long total = 0;
    boolean any = false;
    try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
      for (Path task : tasks) {
        try {
          String schedstat = Files.readString(task.resolve("schedstat")).trim();
          total += Long.parseLong(schedstat.substring(0, schedstat.indexOf(' ')));
          any = true;
        } catch (IOException | RuntimeException e) {
          // the thread ended between listing and reading; its time is lost either way
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the CPU time of process " + pid + ": " + e, e);
    }
    return any ? total : ticksNanos(pid);
  }

  private static long ticksNanos(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
      return ticks * 10_000_000L; // USER_HZ is 100 on Linux
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/" + pid + "/stat: " + e, e);
    }
  }

  /** Resident set size in bytes. */
  static long rssBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          String kb = line.substring("VmRSS:".length()).trim().split("\\s+")[0];
          return Long.parseLong(kb) * 1024;
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot read /proc/" + pid + "/status: " + e, e);
    }
    throw new IllegalStateException("no VmRSS in /proc/" + pid + "/status");
  }
}
