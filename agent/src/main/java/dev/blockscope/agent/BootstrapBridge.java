package dev.blockscope.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Puts the bridge package and the event classes on the bootstrap class path. Advice inlined into
 * {@code java.*} classes can only reach classes the bootstrap loader sees; because class loading
 * delegates parent-first, an application with blockscope-runtime on its class path then also
 * resolves {@code dev.blockscope.event.*} (TaskHints included) from this copy, so the runtime and
 * the agent share TaskHints' state.
 */
final class BootstrapBridgeJar {
    private BootstrapBridgeJar() {}

    private static final String[] PACKAGES = {"dev/blockscope/agent/bridge/", "dev/blockscope/event/"};

    /** Writes the small jar to a temp file (deleted on exit) and appends it; returns its path. */
    static Path install(Instrumentation inst) throws IOException {
        Path agentJar;
        try {
            agentJar = Path.of(BootstrapBridgeJar.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new IOException("cannot locate the agent jar: " + e.getMessage(), e);
        }
        Path bridge = Files.createTempFile("blockscope-bridge-", ".jar");
        bridge.toFile().deleteOnExit();
        int classes = 0;
        try (JarFile source = new JarFile(agentJar.toFile());
             OutputStream file = Files.newOutputStream(bridge);
             JarOutputStream out = new JarOutputStream(file)) {
            for (Enumeration<JarEntry> entries = source.entries(); entries.hasMoreElements(); ) {
                JarEntry entry = entries.nextElement();
                if (!entry.isDirectory() && entry.getName().endsWith(".class") && inBridge(entry.getName())) {
                    out.putNextEntry(new JarEntry(entry.getName()));
                    try (InputStream in = source.getInputStream(entry)) {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                    classes++;
                }
            }
        }
        if (classes == 0) {
            throw new IOException("the agent jar " + agentJar + " holds no bridge classes");
        }
        inst.appendToBootstrapClassLoaderSearch(new JarFile(bridge.toFile()));
        return bridge;
    }

    private static boolean inBridge(String name) {
        for (String p : PACKAGES) {
            if (name.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
