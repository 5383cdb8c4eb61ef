package dev.blockscope.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.zip.CRC32;

/**
 * Makes the bridge package and the event classes bootstrap classes. Advice inlined into
 * {@code java.*} classes can only reach classes the bootstrap loader sees; because class loading
 * delegates parent-first, an application with blockscope-runtime on its class path then also
 * resolves {@code dev.blockscope.event.*} (TaskHints included) from this copy, so the runtime and
 * the agent share TaskHints' state.
 *
 * <p>First choice: define the classes directly in the bootstrap loader (java.base's internal
 * {@code Unsafe.defineClass}, exported to the agent for this). Appending a jar to the bootstrap
 * class path, the fallback, turns off class-data sharing for application classes and makes the
 * JVM print a warning.
 */
final class BootstrapBridge {
    private BootstrapBridge() {}

    private static final String[] PACKAGES = {"dev/blockscope/agent/bridge/", "dev/blockscope/event/"};

    /**
     * What {@link #install} did.
     *
     * @param how      how the classes got there, for the debug log
     * @param buildKey a checksum of the agent jar's entries (names and CRCs): it changes with every
     *                 change to any class in the jar; the key of the {@link WovenClassCache}
     * @param classes  the binary names of the bridge's classes
     */
    record Installed(String how, long buildKey, List<String> classes) {
        /**
         * Initializes the bridge's classes now, on the agent's thread: those that are no JFR
         * events ({@code events} false) before any probe can call them, the events once the
         * recording runs (the first use of an event class waits for JFR). A class initialized
         * lazily by the first task that reaches it makes every other task reaching it meanwhile
         * wait for that initialization, and a virtual thread waits for one holding its carrier:
         * the application's carriers pinned by the agent, which a recording would show as the
         * application's pinning (seen on attach to a loaded server: 5 to 8 ms waits for
         * {@code CarrierNames} and {@code AgentCounters}). Returns the classes that failed to
         * initialize, with why (the probes then initialize them as before).
         */
        List<String> initialize(boolean events) {
            List<String> failed = new ArrayList<>();
            for (String name : classes) {
                try {
                    Class<?> c = Class.forName(name, false, null);
                    if (jdk.jfr.Event.class.isAssignableFrom(c) == events) {
                        Class.forName(name, true, null);
                    }
                } catch (ClassNotFoundException | LinkageError e) {
                    failed.add(name + " (" + e + ")");
                }
            }
            return failed;
        }
    }

    /**
     * System property naming the build of the bridge in the bootstrap loader. Classes defined
     * there stay for the JVM's life, so an attach after {@code attach --stop} finds them: it may
     * reuse them only when they come from the same agent build.
     */
    static final String BUILD_PROPERTY = "blockscope.bridge.build";

    static Installed install(Instrumentation inst) throws IOException {
        CRC32 jarKey = new CRC32();
        Map<String, byte[]> classes = readClasses(jarKey);
        String build = Long.toHexString(jarKey.getValue());
        if (isDefined()) {
            String defined = System.getProperty(BUILD_PROPERTY);
            if (build.equals(defined)) {
                return new Installed("reused the bridge an earlier attach defined in the bootstrap loader", jarKey.getValue(),
                        List.copyOf(classes.keySet()));
            }
            throw new IOException("another blockscope agent build (" + (defined == null ? "unknown" : defined)
                    + ", this one is " + build + ") was attached to this JVM before and its bridge stays loaded:"
                    + " attach that same agent jar again, or restart the JVM");
        }
        try {
            defineInBootLoader(inst, classes);
            System.setProperty(BUILD_PROPERTY, build);
            return new Installed("defined " + classes.size() + " classes in the bootstrap loader", jarKey.getValue(),
                    List.copyOf(classes.keySet()));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            if (isDefined()) {
                throw new IOException("bridge classes partly defined (" + e + ")", e);
            }
            Path jar = appendJar(inst, classes);
            System.setProperty(BUILD_PROPERTY, build);
            return new Installed("appended " + jar + " to the bootstrap class path (" + e + ")", jarKey.getValue(),
                    List.copyOf(classes.keySet()));
        }
    }

    private static boolean isDefined() {
        try {
            Class.forName("dev.blockscope.agent.bridge.ProbeBridge", false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** The bridge's classes, and every entry's name and CRC (from the jar's directory) into {@code jarKey}. */
    private static Map<String, byte[]> readClasses(CRC32 jarKey) throws IOException {
        Path agentJar;
        try {
            agentJar = Path.of(BootstrapBridge.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new IOException("cannot locate the agent jar: " + e.getMessage(), e);
        }
        Map<String, byte[]> classes = new LinkedHashMap<>();
        try (JarFile source = new JarFile(agentJar.toFile())) {
            for (Enumeration<JarEntry> entries = source.entries(); entries.hasMoreElements(); ) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                jarKey.update(name.getBytes(StandardCharsets.UTF_8));
                long crc = entry.getCrc();
                for (int shift = 0; shift < 32; shift += 8) {
                    jarKey.update((int) (crc >>> shift));
                }
                if (!entry.isDirectory() && name.endsWith(".class") && inBridge(name)) {
                    try (InputStream in = source.getInputStream(entry)) {
                        classes.put(name.substring(0, name.length() - 6).replace('/', '.'), in.readAllBytes());
                    }
                }
            }
        }
        if (classes.isEmpty()) {
            throw new IOException("the agent jar " + agentJar + " holds no bridge classes");
        }
        return classes;
    }

    private static void defineInBootLoader(Instrumentation inst, Map<String, byte[]> classes)
            throws ReflectiveOperationException {
        Module base = Object.class.getModule();
        inst.redefineModule(base, Set.of(), Map.of("jdk.internal.misc", Set.of(BootstrapBridge.class.getModule())),
                Map.of(), Set.of(), Map.of());
        Class<?> unsafeClass = Class.forName("jdk.internal.misc.Unsafe");
        Object unsafe = unsafeClass.getMethod("getUnsafe").invoke(null);
        Method define = unsafeClass.getMethod("defineClass", String.class, byte[].class, int.class, int.class,
                ClassLoader.class, java.security.ProtectionDomain.class);
        // A class needs its superclass defined first (AbstractSuspendEvent before SuspendEvent):
        // retry what failed until a pass makes no progress.
        List<String> pending = new ArrayList<>(classes.keySet());
        while (!pending.isEmpty()) {
            List<String> failed = new ArrayList<>();
            Throwable last = null;
            for (String name : pending) {
                byte[] bytes = classes.get(name);
                try {
                    define.invoke(unsafe, name, bytes, 0, bytes.length, null, null);
                } catch (java.lang.reflect.InvocationTargetException e) {
                    if (!(e.getCause() instanceof NoClassDefFoundError)) {
                        throw e;
                    }
                    failed.add(name);
                    last = e.getCause();
                }
            }
            if (failed.size() == pending.size()) {
                throw new IllegalStateException("cannot define " + failed, last);
            }
            pending = failed;
        }
    }

    private static Path appendJar(Instrumentation inst, Map<String, byte[]> classes) throws IOException {
        Path bridge = Files.createTempFile("blockscope-bridge-", ".jar");
        bridge.toFile().deleteOnExit();
        try (OutputStream file = Files.newOutputStream(bridge); JarOutputStream out = new JarOutputStream(file)) {
            for (Map.Entry<String, byte[]> c : classes.entrySet()) {
                out.putNextEntry(new JarEntry(c.getKey().replace('.', '/') + ".class"));
                out.write(c.getValue());
                out.closeEntry();
            }
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
