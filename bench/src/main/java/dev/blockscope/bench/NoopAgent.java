package dev.blockscope.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * A Java agent that does nothing: the cost of being a {@code -javaagent} at all. On JDK 25 any
 * agent makes the JVM track every virtual thread's mount and unmount for JVMTI (notifications
 * and state transitions on each switch), which a virtual-thread hand-off pays whatever the agent
 * does; {@link CommitFloorHarness} measures it as part of the floor under blockscope's agent.
 */
public final class NoopAgent {
    private NoopAgent() {}

    /** The agent's entry: nothing. */
    public static void premain(String args, Instrumentation inst) {
        // nothing: the point is the JVM's own cost of an agent
    }

    /** Writes a jar holding this class as an agent (Premain-Class) to {@code jar}. */
    static Path write(Path jar) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(new Attributes.Name("Premain-Class"), NoopAgent.class.getName());
        String entry = NoopAgent.class.getName().replace('.', '/') + ".class";
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m);
             InputStream in = NoopAgent.class.getClassLoader().getResourceAsStream(entry)) {
            j.putNextEntry(new JarEntry(entry));
            in.transferTo(j);
            j.closeEntry();
        }
        return jar;
    }
}
