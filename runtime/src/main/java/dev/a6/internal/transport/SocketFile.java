package dev.a6.internal.transport;

import dev.a6.internal.launch.RunnerConfig;
import dev.a6.internal.launch.StartupException;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner's socket file.
 *
 * <p>When APISIX reloads, the new runner binds the same path while the old one is still exiting.
 * Two things could then break the new runner: a moment with no socket at the path (connects fail),
 * and the old runner removing the path on its way out. So the socket is bound under a private name
 * in the same directory, given its mode, and renamed over the path in one atomic step; and at exit
 * it is removed only if the file at the path is still the one this process put there (same inode
 * and change time: inode numbers are reused at once). Binding under a private name also keeps
 * Netty, which deletes the bound path when the listener closes, away from the public one.
 */
final class SocketFile {
  private static final int TYPE_MASK = 0170000;
  private static final int SOCKET = 0140000;

  /**
   * Which file a path names: device and inode, plus change time. Compared field by field: the
   * first {@code equals} of a record costs tens of milliseconds of method-handle setup, and this
   * comparison runs while APISIX waits for the runner to exit.
   */
  private static final class Identity {
    private final Object fileKey;
    private final Object changeTime;

    Identity(Object fileKey, Object changeTime) {
      this.fileKey = fileKey;
      this.changeTime = changeTime;
    }

    boolean sameFile(@Nullable Identity other) {
      return other != null && fileKey.equals(other.fileKey) && changeTime.equals(other.changeTime);
    }
  }

  private final Path path;
  private final Path bindPath;
  private @Nullable Identity ours;
  /** Whether another process was serving the path when this one checked it. */
  private boolean servedByAnother;

  SocketFile(Path path) {
    this.path = path;
    Path privateName = path.resolveSibling(".a6-" + pid());
    boolean fits =
        privateName.toString().getBytes(StandardCharsets.UTF_8).length
            <= RunnerConfig.MAX_SOCKET_PATH_BYTES;
    this.bindPath = fits ? privateName : path;
  }

  /**
   * The logger, got when first used: an {@link EarlySocket} is published before slf4j is up, and
   * getting a logger starts it.
   */
  private static Logger log() {
    return LoggerFactory.getLogger(SocketFile.class);
  }

  /**
   * This process's id. {@code /proc/self} names it at a fraction of the cost of the first {@code
   * ProcessHandle.current()} (about 20 ms, which would lie between launch and the socket).
   */
  private static long pid() {
    try {
      return Long.parseLong(Files.readSymbolicLink(Path.of("/proc/self")).toString());
    } catch (IOException | RuntimeException e) {
      return ProcessHandle.current().pid();
    }
  }

  /** Whether another process was serving the path at {@link #check()}. */
  boolean servedByAnother() {
    return servedByAnother;
  }

  Path path() {
    return path;
  }

  /** Where to bind; {@link #publish} moves the socket to {@link #path()}. */
  Path bindPath() {
    return bindPath;
  }

  /** Checks that the path can take the socket: absent, or a socket left by an earlier runner. */
  void check() {
    Path directory = path.getParent();
    if (directory == null || !Files.isDirectory(directory)) {
      throw new StartupException(
          "cannot listen on " + path + ": directory " + directory + " does not exist");
    }
    if (Files.isSymbolicLink(path)) {
      throw new StartupException(
          "refusing to listen on " + path + ": it is a symbolic link; a socket path must not"
              + " point elsewhere (remove the link or choose another path)");
    }
    Integer mode = mode(path);
    if (mode != null && (mode & TYPE_MASK) != SOCKET) {
      throw new StartupException(
          "refusing to listen on " + path + ": it exists and is not a socket (" + kind(mode)
              + "); remove it or choose another path");
    }
    servedByAnother = mode != null && accepts(path);
    if (!bindPath.equals(path)) {
      try {
        Files.deleteIfExists(bindPath);
      } catch (IOException e) {
        throw new StartupException("cannot remove the leftover " + bindPath + ": " + e, e);
      }
    } else if (mode != null) {
      delete("the stale socket");
    }
  }

  /**
   * Gives the freshly bound socket its mode and moves it to the path, replacing a stale socket in
   * the same step.
   */
  void publish(int mode) {
    try {
      Files.setPosixFilePermissions(bindPath, permissions(mode));
      if (!bindPath.equals(path)) {
        try {
          Files.move(bindPath, path, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(bindPath, path, StandardCopyOption.REPLACE_EXISTING);
        }
      }
      ours = identity(path);
      if (servedByAnother) {
        log().warn(
            "took {} over from another runner that was still serving it: new connections come"
                + " here, and the other runner stops once it notices (within a second). That is"
                + " expected while APISIX reloads; otherwise two runners were started for one path",
            path);
      }
    } catch (IOException e) {
      throw new StartupException("cannot publish the socket at " + path + ": " + e, e);
    }
  }

  /**
   * Whether the path still names the socket this process published; {@code false} once another
   * runner took it over or someone removed it.
   */
  boolean stillOurs() {
    try {
      return identity(path).sameFile(ours);
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether something accepts connections on the socket at {@code file}. */
  private static boolean accepts(Path file) {
    try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      probe.connect(UnixDomainSocketAddress.of(file));
      return true;
    } catch (IOException e) {
      return false; // a stale socket: nobody listens
    }
  }

  /** Removes the socket file if it is still the one this process published. */
  void removeIfOurs() {
    try {
      Identity current = identity(path);
      if (current.sameFile(ours)) {
        Files.deleteIfExists(path);
      } else {
        log().info("left {} in place: another process has bound it since", path);
      }
    } catch (NoSuchFileException e) {
      // Already gone.
    } catch (IOException e) {
      log().warn("could not remove socket file {}: {}", path, e.toString());
    }
  }

  private void delete(String what) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new StartupException("cannot remove " + what + " " + path + ": " + e, e);
    }
  }

  private static Identity identity(Path file) throws IOException {
    BasicFileAttributes attributes =
        Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    Object changeTime = Files.getAttribute(file, "unix:ctime", LinkOption.NOFOLLOW_LINKS);
    return new Identity(attributes.fileKey(), changeTime);
  }

  private static @Nullable Integer mode(Path file) {
    try {
      return (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException | UnsupportedOperationException e) {
      throw new StartupException("cannot inspect " + file + ": " + e, e);
    }
  }

  static Set<PosixFilePermission> permissions(int mode) {
    Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] bits = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ
    };
    for (int bit = 0; bit < bits.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        permissions.add(bits[bit]);
      }
    }
    return permissions;
  }

  private static String kind(int mode) {
    return switch (mode & TYPE_MASK) {
      case 0100000 -> "a regular file";
      case 0040000 -> "a directory";
      case 0010000 -> "a FIFO";
      case 0020000, 0060000 -> "a device";
      default -> "file type " + Integer.toOctalString(mode & TYPE_MASK);
    };
  }
}
