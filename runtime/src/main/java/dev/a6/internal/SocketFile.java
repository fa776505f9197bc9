package dev.a6.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runner's socket file: cleared before binding, given its mode after, removed at exit only if
 * it is still the one this process created.
 *
 * <p>When APISIX reloads, the new runner binds the same path while the old one is still exiting.
 * The old runner must then leave the path alone, or the new runner's socket vanishes and every
 * connect fails; comparing the file key (device and inode) tells the two files apart.
 */
final class SocketFile {
  private static final Logger log = LoggerFactory.getLogger(SocketFile.class);
  private static final int TYPE_MASK = 0170000;
  private static final int SOCKET = 0140000;

  private final Path path;
  private @Nullable Object fileKey;

  SocketFile(Path path) {
    this.path = path;
  }

  Path path() {
    return path;
  }

  /** Removes a stale socket at the path; refuses anything that is not a socket. */
  void clear() {
    if (!Files.isDirectory(path.getParent())) {
      throw new StartupException(
          "cannot listen on " + path + ": directory " + path.getParent() + " does not exist");
    }
    if (Files.isSymbolicLink(path)) {
      throw new StartupException(
          "refusing to listen on " + path + ": it is a symbolic link; a socket path must not"
              + " point elsewhere (remove the link or choose another path)");
    }
    int mode;
    try {
      mode = (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException | UnsupportedOperationException e) {
      throw new StartupException("cannot inspect " + path + ": " + e, e);
    }
    if ((mode & TYPE_MASK) != SOCKET) {
      throw new StartupException(
          "refusing to listen on " + path + ": it exists and is not a socket (" + kind(mode)
              + "); remove it or choose another path");
    }
    try {
      Files.deleteIfExists(path);
      log.debug("removed stale socket file {}", path);
    } catch (IOException e) {
      throw new StartupException("cannot remove the stale socket file " + path + ": " + e, e);
    }
  }

  /** Sets the mode of the freshly bound socket and remembers which file it is. */
  void bound(int mode) {
    try {
      Files.setPosixFilePermissions(path, permissions(mode));
      fileKey =
          Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
              .fileKey();
    } catch (IOException e) {
      throw new StartupException("cannot set the mode of socket " + path + ": " + e, e);
    }
  }

  /** Removes the socket file if it is still the one bound by this process. */
  void removeIfOurs() {
    try {
      Object current =
          Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
              .fileKey();
      if (fileKey != null && fileKey.equals(current)) {
        Files.deleteIfExists(path);
      } else {
        log.info("left {} in place: another process has bound it since", path);
      }
    } catch (NoSuchFileException e) {
      // Already gone.
    } catch (IOException e) {
      log.warn("could not remove socket file {}: {}", path, e.toString());
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
