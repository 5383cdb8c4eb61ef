package dev.blockscope.agent;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * async-profiler's Java API ({@code one.profiler.AsyncProfiler}), loaded in a module layer of its
 * own (the agent jar as one automatic module) that is granted native access. Loaded from the class
 * path instead, its {@code System.load} of the native library runs in the application's unnamed
 * module, and a JDK 24+ that was not started with {@code --enable-native-access=ALL-UNNAMED} (any
 * JVM that {@code blockscope attach --profile} reaches) prints four lines of warning into the
 * application's output; a future JDK that denies such access would refuse the library.
 *
 * <p>The public grant ({@code ModuleLayer.Controller.enableNativeAccess}) is itself restricted, so
 * the caller would need the access it grants. The agent uses what instrumentation allows an agent
 * instead: it opens {@code java.lang} to the layer's module alone, and code of that module
 * ({@link NativeAccessGrant}) marks its own module as the launcher's flag would. The application's
 * modules keep the JDK's policy and gain no access. Where that fails (a JDK whose internals
 * differ), async-profiler loads as before and the JDK's warning is printed.
 */
final class ProfilerLibrary {
    private final MethodHandle execute;
    private final MethodHandle version;
    private final Object profiler;

    private ProfilerLibrary(Object profiler, MethodHandle execute, MethodHandle version) {
        this.profiler = profiler;
        this.execute = execute;
        this.version = version;
    }

    /** Loads async-profiler from {@code agentJar} and its native library for this platform; throws what the load threw. */
    static ProfilerLibrary load(Path agentJar, java.lang.instrument.Instrumentation inst, AgentLog log) throws Throwable {
        ClassLoader loader;
        try {
            loader = layer(agentJar, inst, log);
        } catch (RuntimeException | LinkageError e) {
            // a jar whose file name makes no module name (FindException), say: the class path's copy, as it is
            log.info("async-profiler loads from the class path, without native access granted (" + e
                    + "): the JDK prints its warning about it");
            loader = null;
        }
        return of(loader == null ? Class.forName("one.profiler.AsyncProfiler") : Class.forName("one.profiler.AsyncProfiler", true, loader));
    }

    /**
     * The class loader of a module layer holding the agent jar as one module, with native access
     * granted where the JDK restricts it; null when the agent's classes are not in a jar (a build
     * directory).
     */
    private static ClassLoader layer(Path agentJar, java.lang.instrument.Instrumentation inst, AgentLog log) {
        ModuleFinder finder = ModuleFinder.of(agentJar);
        Set<ModuleReference> found = finder.findAll();
        if (found.size() != 1) {
            return null;
        }
        String name = found.iterator().next().descriptor().name();
        ModuleLayer boot = ModuleLayer.boot();
        Configuration configuration = boot.configuration().resolve(finder, ModuleFinder.of(), Set.of(name));
        ModuleLayer.Controller controller = ModuleLayer.defineModulesWithOneLoader(configuration, List.of(boot),
                ClassLoader.getPlatformClassLoader());
        Module module = controller.layer().findModule(name).orElseThrow();
        ClassLoader loader = controller.layer().findLoader(name);
        grantNativeAccess(inst, module, loader, log);
        return loader;
    }

    private static ProfilerLibrary of(Class<?> api) throws Throwable {
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        Object profiler = lookup.findStatic(api, "getInstance", MethodType.methodType(api)).invoke();
        return new ProfilerLibrary(profiler,
                lookup.findVirtual(api, "execute", MethodType.methodType(String.class, String.class)),
                lookup.findVirtual(api, "getVersion", MethodType.methodType(String.class)));
    }

    private static void grantNativeAccess(java.lang.instrument.Instrumentation inst, Module module, ClassLoader loader, AgentLog log) {
        if (Runtime.version().feature() < 24) {
            return; // JNI is not restricted before JDK 24
        }
        try {
            inst.redefineModule(Object.class.getModule(), Set.of(), java.util.Map.of(), java.util.Map.of("java.lang", Set.of(module)),
                    Set.of(), java.util.Map.of());
            Class.forName(NativeAccessGrant.class.getName(), true, loader).getMethod("grant").invoke(null);
        } catch (Throwable e) {
            log.info("async-profiler loads without native access granted ("
                    + (e instanceof InvocationTargetException t && t.getCause() != null ? t.getCause() : e)
                    + "): the JDK prints its warning about it");
        }
    }

    /** async-profiler's {@code execute(command)}: what it answered. */
    String execute(String command) throws Throwable {
        return (String) execute.invoke(profiler, command);
    }

    String version() throws Throwable {
        return (String) version.invoke(profiler);
    }

    /** The agent jar this class was loaded from. */
    static Path agentJar() throws Exception {
        return Path.of(ProfilerLibrary.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }
}
