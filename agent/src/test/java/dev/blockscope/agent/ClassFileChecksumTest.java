package dev.blockscope.agent;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

class ClassFileChecksumTest {
    /** A minimal class file with methods {@code a} and {@code b} in the given order. */
    private static byte[] classWithMethods(String first, String second, int codeByte) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0xCAFEBABE);
        out.writeShort(0);
        out.writeShort(65);
        out.writeShort(8); // constant pool count: 7 entries
        out.writeByte(1); out.writeUTF("T");                    // 1
        out.writeByte(7); out.writeShort(1);                    // 2 class T
        out.writeByte(1); out.writeUTF("java/lang/Object");     // 3
        out.writeByte(7); out.writeShort(3);                    // 4 class Object
        out.writeByte(1); out.writeUTF(first);                  // 5
        out.writeByte(1); out.writeUTF(second);                 // 6
        out.writeByte(1); out.writeUTF("()V");                  // 7
        out.writeShort(0x21);
        out.writeShort(2);
        out.writeShort(4);
        out.writeShort(0); // interfaces
        out.writeShort(0); // fields
        out.writeShort(2); // methods
        for (int name : new int[] {5, 6}) {
            out.writeShort(0x0101); // public native: no Code attribute
            out.writeShort(name);
            out.writeShort(7);
            out.writeShort(1);      // one attribute, a made-up one whose bytes differ with codeByte
            out.writeShort(7);
            out.writeInt(1);
            out.writeByte(codeByte);
        }
        out.writeShort(0); // class attributes
        return bytes.toByteArray();
    }

    @Test
    void theOrderOfTheMethodsDoesNotChangeIt() throws IOException {
        byte[] ab = classWithMethods("a", "b", 1);
        byte[] reordered = classWithMethods("a", "b", 1);
        // swap the two 15-byte method entries, as the JVM's rebuilt class files do
        int methods = ab.length - 2 - 30;
        System.arraycopy(ab, methods + 15, reordered, methods, 15);
        System.arraycopy(ab, methods, reordered, methods + 15, 15);
        assertThat(reordered).isNotEqualTo(ab);
        assertThat(ClassFileChecksum.of(reordered)).isEqualTo(ClassFileChecksum.of(ab));
    }

    @Test
    void anyOtherChangeDoes() throws IOException {
        assertThat(ClassFileChecksum.of(classWithMethods("a", "b", 2))).isNotEqualTo(ClassFileChecksum.of(classWithMethods("a", "b", 1)));
        assertThat(ClassFileChecksum.of(classWithMethods("a", "c", 1))).isNotEqualTo(ClassFileChecksum.of(classWithMethods("a", "b", 1)));
    }

    @Test
    void aRealJdkClassIsWalkedAndATruncatedOneStillHasAChecksum() throws IOException {
        byte[] thread;
        try (InputStream in = Object.class.getResourceAsStream("/java/lang/Thread.class")) {
            thread = in.readAllBytes();
        }
        long full = ClassFileChecksum.of(thread);
        assertThat(full >>> 32).as("walked, not the fallback").isZero();
        byte[] truncated = java.util.Arrays.copyOf(thread, thread.length / 2);
        assertThat(ClassFileChecksum.of(truncated)).isNotEqualTo(full);
    }
}
