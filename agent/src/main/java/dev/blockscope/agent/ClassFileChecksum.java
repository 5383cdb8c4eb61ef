package dev.blockscope.agent;

import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * A checksum of a class file that does not depend on the order of its methods. The bytes the
 * JVM hands a transformer on retransformation are rebuilt from the loaded class, and for a class
 * not in the CDS archive the methods come out in an order that changes from run to run (the JVM
 * sorts them by the address of their name symbols). Two such class files are the same class to
 * the JVM, and bytes woven from one redefine the other, so the {@link WovenClassCache} keys them
 * alike: the checksum covers everything before the methods, each method's bytes as a sorted set,
 * and everything after them.
 */
final class ClassFileChecksum {
    private ClassFileChecksum() {}

    /** The checksum, or a plain CRC-32 of all bytes when the class file cannot be walked. */
    static long of(byte[] b) {
        try {
            return canonical(b);
        } catch (RuntimeException malformed) {
            CRC32 crc = new CRC32();
            crc.update(b);
            return crc.getValue() | (1L << 40); // never equal to a canonical checksum of another file
        }
    }

    private static long canonical(byte[] b) {
        int p = 8; // magic, minor, major
        int cpCount = u2(b, p);
        p += 2;
        for (int i = 1; i < cpCount; i++) {
            int tag = b[p] & 0xff;
            p += 1;
            switch (tag) {
                case 1 -> p += 2 + u2(b, p);                // Utf8
                case 3, 4, 9, 10, 11, 12, 17, 18 -> p += 4;  // Integer, Float, refs, NameAndType, (Invoke)Dynamic
                case 5, 6 -> {                               // Long, Double: two slots
                    p += 8;
                    i++;
                }
                case 7, 8, 16, 19, 20 -> p += 2;             // Class, String, MethodType, Module, Package
                case 15 -> p += 3;                           // MethodHandle
                default -> throw new IllegalArgumentException("constant pool tag " + tag);
            }
        }
        p += 6; // access flags, this, super
        p += 2 + 2 * u2(b, p); // interfaces
        p = skipMembers(b, p); // fields
        int methodsStart = p;
        int methodCount = u2(b, p);
        p += 2;
        long[] methods = new long[methodCount];
        CRC32 crc = new CRC32();
        for (int m = 0; m < methodCount; m++) {
            int start = p;
            p = skipMember(b, p);
            crc.reset();
            crc.update(b, start, p - start);
            methods[m] = crc.getValue();
        }
        Arrays.sort(methods);
        crc.reset();
        crc.update(b, 0, methodsStart + 2);
        for (long m : methods) {
            for (int shift = 0; shift < 32; shift += 8) {
                crc.update((int) (m >>> shift));
            }
        }
        crc.update(b, p, b.length - p);
        return crc.getValue();
    }

    private static int skipMembers(byte[] b, int p) {
        int count = u2(b, p);
        p += 2;
        for (int i = 0; i < count; i++) {
            p = skipMember(b, p);
        }
        return p;
    }

    /** A field or method: access, name, descriptor, attributes. */
    private static int skipMember(byte[] b, int p) {
        p += 6;
        int attributes = u2(b, p);
        p += 2;
        for (int a = 0; a < attributes; a++) {
            p += 6 + u4(b, p + 2);
        }
        if (p > b.length) {
            throw new IllegalArgumentException("truncated class file");
        }
        return p;
    }

    private static int u2(byte[] b, int p) {
        return ((b[p] & 0xff) << 8) | (b[p + 1] & 0xff);
    }

    private static int u4(byte[] b, int p) {
        return (u2(b, p) << 16) | u2(b, p + 2);
    }
}
