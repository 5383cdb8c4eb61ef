package dev.blockscope.agent;

import dev.blockscope.agent.advice.ProbeReason;
import dev.blockscope.agent.advice.RequireBlock;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.agent.builder.ResettableClassFileTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.utility.JavaModule;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static net.bytebuddy.matcher.ElementMatchers.named;

/**
 * Installs the selected probes with Byte Buddy: advice only, inlined by retransformation into the
 * few JDK classes named by the probes (class format unchanged), and reports which probes are
 * live. A probe whose methods this JDK lacks, or whose class failed to transform, is off; the
 * others keep working.
 */
final class ProbeInstaller {
    private final Instrumentation inst;
    private final AgentLog log;

    /** Probe name to "live" or the reason it is off, in installation order. */
    private final Map<Probe, String> status = new LinkedHashMap<>();
    private ResettableClassFileTransformer transformer;

    ProbeInstaller(Instrumentation inst, AgentLog log) {
        this.inst = inst;
        this.log = log;
    }

    Map<Probe, String> status() {
        return status;
    }

    /** Installs the probes; never throws for a probe-level problem. */
    void install(Set<Probe> selected) {
        Map<String, List<ProbeTarget>> byClass = new LinkedHashMap<>();
        Map<ProbeTarget, Probe> owner = new LinkedHashMap<>();
        for (Probe probe : Probe.values()) {
            if (!selected.contains(probe)) {
                continue;
            }
            StringBuilder why = new StringBuilder();
            List<ProbeTarget> targets = probe.resolve(why);
            if (targets.isEmpty()) {
                status.put(probe, "off: " + why);
                log.error("probe '" + probe.optionName() + "' off: this JDK's internals differ (" + why + ")");
                continue;
            }
            status.put(probe, "live");
            for (ProbeTarget t : targets) {
                byClass.computeIfAbsent(t.className(), k -> new ArrayList<>()).add(t);
                owner.put(t, probe);
            }
        }
        if (byClass.isEmpty()) {
            return;
        }
        Map<String, Throwable> failures = new ConcurrentHashMap<>();
        List<Class<?>> types = new ArrayList<>();
        for (String name : byClass.keySet()) {
            try {
                types.add(Class.forName(name, false, null));
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(name + " vanished after its shape check", e);
            }
        }
        AgentBuilder builder = new AgentBuilder.Default(new ByteBuddy().with(TypeValidation.DISABLED))
                .disableClassFormatChanges()
                .with(AgentBuilder.RedefinitionStrategy.RETRANSFORMATION)
                // Startup cost: retransform only the named classes (all bootstrap classes we
                // loaded for the shape check) instead of matching every loaded class.
                .with(new AgentBuilder.RedefinitionStrategy.DiscoveryStrategy.Explicit(
                        types.toArray(Class<?>[]::new)))
                .with(AgentBuilder.InitializationStrategy.NoOp.INSTANCE)
                .with(AgentBuilder.TypeStrategy.Default.REDEFINE)
                .with(AgentBuilder.PoolStrategy.Default.FAST)
                .with(AgentBuilder.DescriptionStrategy.Default.POOL_ONLY)
                // The default ignore() skips bootstrap classes, which are exactly the targets;
                // the type matchers below are narrow (exact names), so nothing else is touched.
                .ignore(ElementMatchers.nameStartsWith("dev.blockscope.").or(ElementMatchers.nameStartsWith("net.bytebuddy.")))
                .with(new AgentBuilder.Listener.Adapter() {
                    @Override
                    public void onError(String typeName, ClassLoader loader, JavaModule module, boolean loaded, Throwable error) {
                        failures.put(typeName, error);
                    }
                });
        ClassFileLocator agentClasses = ClassFileLocator.ForClassLoader.of(ProbeInstaller.class.getClassLoader());
        Map<String, AsmVisitorWrapper> visitors = new java.util.HashMap<>();
        for (ProbeTarget t : owner.keySet()) {
            visitors.put(t.className() + "#" + t.method() + t.parameters(), advice(t, agentClasses));
        }
        for (Map.Entry<String, List<ProbeTarget>> entry : byClass.entrySet()) {
            List<ProbeTarget> targets = entry.getValue();
            builder = builder.type(named(entry.getKey())).transform((b, type, loader, module, domain) -> {
                var result = b;
                for (ProbeTarget t : targets) {
                    result = result.visit(visitors.get(t.className() + "#" + t.method() + t.parameters()));
                }
                return result;
            });
        }
        transformer = builder.installOn(inst);
        for (Map.Entry<String, Throwable> f : failures.entrySet()) {
            for (Map.Entry<ProbeTarget, Probe> o : owner.entrySet()) {
                if (o.getKey().className().equals(f.getKey()) && "live".equals(status.get(o.getValue()))) {
                    status.put(o.getValue(), "off: " + f.getKey() + " failed to transform: " + f.getValue());
                    log.error("probe '" + o.getValue().optionName() + "' off: " + f.getKey()
                            + " failed to transform (" + f.getValue() + ")");
                }
            }
        }
    }

    /** Removes the probes again (used by {@code attach --stop}). */
    void uninstall() {
        if (transformer != null) {
            transformer.reset(inst, AgentBuilder.RedefinitionStrategy.RETRANSFORMATION);
            transformer = null;
        }
    }

    /** Parsed advice templates, shared by targets with the same advice and bindings. */
    private final Map<String, Advice> templates = new java.util.HashMap<>();

    private AsmVisitorWrapper advice(ProbeTarget t, ClassFileLocator locator) {
        Advice.WithCustomMapping mapping = Advice.withCustomMapping()
                .bind(ProbeReason.class, t.reason() == null ? "" : t.reason())
                .bind(RequireBlock.class, t.requireBlock());
        // Parameter types as this JDK's classes: matching arrays such as byte[] by name fails.
        ElementMatcher.Junction<MethodDescription> method = named(t.method())
                .and(ElementMatchers.takesArguments(t.parameterTypes()));
        Advice template = templates.computeIfAbsent(t.advice().getName() + "|" + t.reason() + "|" + t.requireBlock(),
                k -> mapping.to(t.advice(), locator));
        return template.on(method);
    }
}
