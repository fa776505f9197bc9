package dev.a6.internal.transport;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Finds the file descriptor of this process's socket listening on a path, through Linux's
 * {@code /proc}: the JDK does not expose a channel's descriptor, and Netty's epoll transport can
 * adopt a listening socket only by its descriptor.
 *
 * <p>{@code /proc/net/unix} gives the socket's inode for the path it was bound to (the name at
 * bind time, not after a rename); {@code /proc/self/fd} links each descriptor to {@code
 * socket:[inode]}.
 */
final class ListeningDescriptor {
  private static final Path UNIX_SOCKETS = Path.of("/proc/net/unix");
  private static final Path DESCRIPTORS = Path.of("/proc/self/fd");
  /** {@code __SO_ACCEPTCON} in {@code /proc/net/unix}'s flags column: the socket listens. */
  private static final int LISTENING = 0x10000;

  private ListeningDescriptor() {}

  /**
   * The descriptor of the socket listening on {@code bound}, or -1 if there is none or no {@code
   * /proc}.
   */
  static int of(Path bound) {
    try {
      long inode = inode(Files.readAllLines(UNIX_SOCKETS), bound.toString());
      if (inode < 0) {
        return -1;
      }
      String target = "socket:[" + inode + "]";
      try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(DESCRIPTORS)) {
        for (Path descriptor : descriptors) {
          try {
            if (Files.readSymbolicLink(descriptor).toString().equals(target)) {
              return Integer.parseInt(descriptor.getFileName().toString());
            }
          } catch (IOException closedMeanwhile) {
            // The stream's own descriptor, or one another thread closed: not ours.
          }
        }
      }
      return -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  /**
   * The inode of the listening socket bound to {@code path}, from the lines of {@code
   * /proc/net/unix} ({@code Num RefCount Protocol Flags Type St Inode Path}), or -1.
   */
  static long inode(List<String> lines, String path) {
    for (int i = 1; i < lines.size(); i++) {
      String[] fields = lines.get(i).trim().split(" +", 8);
      if (fields.length == 8
          && fields[7].equals(path)
          && (Integer.parseInt(fields[3], 16) & LISTENING) != 0) {
        return Long.parseLong(fields[6]);
      }
    }
    return -1;
  }
}
