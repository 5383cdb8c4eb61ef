package dev.blockscope.agent;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The JDK classes as the probes changed them, kept on disk between runs so that a start-up after
 * the first one needs no Byte Buddy at all (loading and running it on a cold JVM is most of the
 * install's cost). One file per agent build ({@code woven-<build key>.bin}); an entry is keyed by
 * the class name, the probe plan for that class and a checksum and the length of the JDK's
 * original class file, so a different JDK, a JDK update or a different {@code probes=} selection misses
 * and is woven afresh. The woven bytes carry their own CRC-32: a damaged file is ignored.
 *
 * <p>The build key changes with every change to the agent jar (see {@link BootstrapBridge}), so
 * an entry never outlives the advice it was woven from.
 */
final class WovenClassCache {
    private static final int MAGIC = 0x4253_5743; // "BSWC"
    private static final int VERSION = 2;
    /** Entries kept per file: a few JDKs times a few probe selections. */
    private static final int MAX_ENTRIES = 512;

    private final Path dir;
    private final long buildKey;
    /** Key (see {@link #key}) to woven bytes, in insertion order (oldest first). */
    private final Map<String, byte[]> entries = new LinkedHashMap<>();
    private boolean changed;

    private WovenClassCache(Path dir, long buildKey) {
        this.dir = dir;
        this.buildKey = buildKey;
    }

    /** A cache that is never read or written ({@code cache=off}). */
    static WovenClassCache none() {
        return new WovenClassCache(null, 0);
    }

    /**
     * Opens the cache in {@code dir} for this agent build. A missing, unreadable or damaged file
     * is an empty cache; why is in {@code problem} (for the debug log).
     */
    static WovenClassCache open(Path dir, long buildKey, StringBuilder problem) {
        WovenClassCache cache = new WovenClassCache(dir, buildKey);
        Path file = cache.file();
        if (!Files.isRegularFile(file)) {
            problem.append("no cache file ").append(file);
            return cache;
        }
        String unsafe = unsafeOwnership(dir);
        if (unsafe == null) {
            unsafe = unsafeOwnership(file);
        }
        if (unsafe != null) {
            problem.append(unsafe);
            return none();
        }
        try (InputStream raw = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            if (in.readInt() != MAGIC || in.readInt() != VERSION || in.readLong() != buildKey) {
                problem.append(file).append(" is not a cache of this agent build");
                return cache;
            }
            int count = in.readInt();
            CRC32 crc = new CRC32();
            for (int i = 0; i < count; i++) {
                String key = in.readUTF();
                int sum = in.readInt();
                byte[] woven = new byte[in.readInt()];
                in.readFully(woven);
                crc.reset();
                crc.update(woven);
                if ((int) crc.getValue() != sum) {
                    cache.entries.clear();
                    problem.append(file).append(" is damaged (checksum of ").append(key).append(')');
                    return cache;
                }
                cache.entries.put(key, woven);
            }
        } catch (IOException | RuntimeException e) {
            cache.entries.clear();
            problem.append("cannot read ").append(file).append(": ").append(e);
        }
        return cache;
    }

    /**
     * The cache key of one class: its name, the plan woven into it, and its original bytes'
     * length and {@link ClassFileChecksum} (blind to the order of the methods).
     */
    static String key(String className, String plan, byte[] original) {
        return className + '|' + plan + '|' + Long.toHexString(ClassFileChecksum.of(original)) + '|' + original.length;
    }

    boolean enabled() {
        return dir != null;
    }

    int size() {
        return entries.size();
    }

    synchronized byte[] get(String key) {
        return entries.get(key);
    }

    synchronized void put(String key, byte[] woven) {
        if (dir != null) {
            entries.remove(key);
            entries.put(key, woven);
            changed = true;
        }
    }

    /** Drops an entry whose bytes the JVM refused, so the next start weaves it again. */
    synchronized void remove(String key) {
        if (entries.remove(key) != null) {
            changed = dir != null;
        }
    }

    /**
     * Writes the file if anything was added or removed (to a temporary file, then moved in place,
     * so a concurrent start reads either the old or the new file), and deletes the files of other
     * agent builds in the same directory.
     */
    synchronized void save() throws IOException {
        if (dir == null || !changed) {
            return;
        }
        while (entries.size() > MAX_ENTRIES) {
            entries.remove(entries.keySet().iterator().next());
        }
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir);
            try {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException notPosix) {
                // the user's profile directory is private already
            }
        }
        String unsafe = unsafeOwnership(dir);
        if (unsafe != null) {
            throw new IOException(unsafe);
        }
        Path file = file();
        // not Files.createTempFile: its SecureRandom costs a cold JVM tens of milliseconds
        Path tmp = dir.resolve("woven-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + ".tmp");
        try {
            try (OutputStream raw = Files.newOutputStream(tmp);
                 DataOutputStream out = new DataOutputStream(new BufferedOutputStream(raw, 1 << 16))) {
                out.writeInt(MAGIC);
                out.writeInt(VERSION);
                out.writeLong(buildKey);
                out.writeInt(entries.size());
                CRC32 crc = new CRC32();
                for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                    crc.reset();
                    crc.update(e.getValue());
                    out.writeUTF(e.getKey());
                    out.writeInt((int) crc.getValue());
                    out.writeInt(e.getValue().length);
                    out.write(e.getValue());
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        changed = false;
        try (DirectoryStream<Path> old = Files.newDirectoryStream(dir, "woven-*.bin")) {
            for (Path p : old) {
                if (!p.equals(file)) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /**
     * Null when only this user can change {@code path}, else why not. The woven bytes end up in
     * {@code java.lang.Thread} and other bootstrap classes, which the JVM does not verify: a
     * cache that another user can write would let them run code in this JVM.
     */
    private static String unsafeOwnership(Path path) {
        try {
            PosixFileAttributes a;
            try {
                a = Files.readAttributes(path, PosixFileAttributes.class);
            } catch (UnsupportedOperationException notPosix) {
                return null; // e.g. Windows: the user's profile directory is private already
            }
            if (!a.owner().getName().equals(System.getProperty("user.name"))) {
                return path + " belongs to " + a.owner().getName() + ", not to this user; not used";
            }
            if (a.permissions().contains(PosixFilePermission.GROUP_WRITE)
                    || a.permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
                return path + " is writable by other users; not used";
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return "cannot check " + path + ": " + e;
        }
    }

    Path file() {
        return dir.resolve("woven-" + Long.toHexString(buildKey) + ".bin");
    }
}
