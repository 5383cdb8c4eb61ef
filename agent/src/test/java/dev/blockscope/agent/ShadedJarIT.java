package dev.blockscope.agent;

import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/** The shaded jar: agent manifest, Byte Buddy relocated, nothing else leaking onto the app's class path. */
class ShadedJarIT {
    @Test
    void manifestDeclaresTheAgent() throws Exception {
        try (JarFile jar = new JarFile(ForkedJvm.AGENT_JAR.toFile())) {
            Attributes a = jar.getManifest().getMainAttributes();
            assertThat(a.getValue("Premain-Class")).isEqualTo(BlockscopeAgent.class.getName());
            assertThat(a.getValue("Agent-Class")).isEqualTo(BlockscopeAgent.class.getName());
            assertThat(a.getValue("Can-Retransform-Classes")).isEqualTo("true");
            assertThat(a.getValue("Can-Redefine-Classes")).isEqualTo("true");
            assertThat(a.getValue("Multi-Release")).isEqualTo("true");
            // the entry class is Java 8 bytecode (major 52), so any JDK can load it and say it is too old
            try (java.io.DataInputStream in = new java.io.DataInputStream(
                    jar.getInputStream(jar.getEntry("dev/blockscope/agent/BlockscopeAgent.class")))) {
                assertThat(in.readInt()).isEqualTo(0xCAFEBABE);
                in.readUnsignedShort();
                assertThat(in.readUnsignedShort()).isEqualTo(52);
            }
        }
    }

    @Test
    void byteBuddyIsRelocatedAndOnlyBlockscopePackagesAndAsyncProfilerShip() throws Exception {
        try (JarFile jar = new JarFile(ForkedJvm.AGENT_JAR.toFile())) {
            List<String> names = Collections.list(jar.entries()).stream().map(JarEntry::getName).toList();
            assertThat(names).noneMatch(n -> n.contains("net/bytebuddy"));
            assertThat(names).anyMatch(n -> n.startsWith("dev/blockscope/agent/shaded/bytebuddy/agent/builder/AgentBuilder"));
            assertThat(names).anyMatch(n -> n.startsWith("META-INF/versions/24/dev/blockscope/agent/shaded/bytebuddy/"));
            assertThat(names).contains("dev/blockscope/event/SuspendEvent.class", "dev/blockscope/agent/bridge/ProbeBridge.class");
            // the task runtime belongs to the application, not to the agent
            assertThat(names).noneMatch(n -> n.startsWith("dev/blockscope/runtime/"));
            // and async-profiler (profile=), unrelocated: its library binds one.profiler.AsyncProfiler's
            // natives by that name, and getInstance() loads /<platform>/libasyncProfiler.so from this jar
            assertThat(names).contains("one/profiler/AsyncProfiler.class", "linux-x64/libasyncProfiler.so",
                    "linux-arm64/libasyncProfiler.so");
            assertThat(names).allMatch(n -> n.startsWith("dev/blockscope/") || n.startsWith("META-INF/") || n.equals("dev/")
                    || n.startsWith("one/profiler/") || n.equals("one/") || n.matches("(linux-x64|linux-arm64|macos)/(libasyncProfiler\\.so)?"),
                    "only dev/blockscope/**, async-profiler and META-INF/**");
            assertThat(names).noneMatch(n -> n.endsWith("module-info.class"));
        }
    }
}
