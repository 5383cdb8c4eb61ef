package dev.blockscope.agent;

import dev.blockscope.agent.advice.ProbeReason;
import dev.blockscope.agent.advice.RequireBlock;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.dynamic.VisibilityBridgeStrategy;
import net.bytebuddy.dynamic.scaffold.InstrumentedType;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.matcher.LatentMatcher;
import net.bytebuddy.pool.TypePool;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Inlines the probes' Byte Buddy {@link Advice} into one JDK class file, the original bytes in,
 * the woven bytes out, with no class format change (no new fields, methods or initializers), as
 * retransformation requires. This is Byte Buddy without its {@code AgentBuilder}: the agent knows
 * the classes by name and retransforms them in one call itself, so the builder's type matching,
 * listeners and redefinition batching are not needed, and neither are the classes they load.
 * Only loaded when a class is not in the {@link WovenClassCache}.
 */
final class AdviceWeaver {
    private final ByteBuddy byteBuddy;
    private final ClassFileLocator agentClasses = ClassFileLocator.ForClassLoader.of(AdviceWeaver.class.getClassLoader());
    private final TypePool.CacheProvider jdkTypes = new TypePool.CacheProvider.Simple();
    /** Parsed advice, shared by targets with the same advice class and bindings. */
    private final Map<String, Advice> templates = new HashMap<>();

    AdviceWeaver() {
        // Byte Buddy's opt-out of sun.misc.Unsafe (JDK 25 warns on its first use); the property
        // name is relocated with Byte Buddy, so it is derived from the shaded package.
        System.setProperty(ByteBuddy.class.getPackageName() + ".safe", "true");
        // What AgentBuilder's disableClassFormatChanges() picks, plus a method graph of the
        // declared methods only (the advice goes into declared methods, and the full graph of
        // Thread's supertypes was a tenth of the weaving time).
        byteBuddy = new ByteBuddy()
                .with(TypeValidation.DISABLED)
                .with(Implementation.Context.Disabled.Factory.INSTANCE)
                .with(InstrumentedType.Factory.Default.FROZEN)
                .with(VisibilityBridgeStrategy.Default.NEVER)
                .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE);
    }

    /** The class file {@code original} of {@code binaryName} with the advice of {@code targets} inlined. */
    synchronized byte[] weave(String binaryName, byte[] original, List<ProbeTarget> targets) {
        ClassFileLocator locator = new ClassFileLocator.Compound(
                ClassFileLocator.Simple.of(binaryName, original), ClassFileLocator.ForClassLoader.ofBootLoader());
        TypePool pool = new TypePool.Default.WithLazyResolution(jdkTypes, locator, TypePool.Default.ReaderMode.FAST);
        TypeDescription type = pool.describe(binaryName).resolve();
        DynamicType.Builder<?> builder = byteBuddy.redefine(type, locator)
                .ignoreAlso(LatentMatcher.ForSelfDeclaredMethod.NOT_DECLARED);
        for (ProbeTarget t : targets) {
            // Parameter types as this JDK's classes: matching arrays such as byte[] by name fails.
            builder = builder.visit(advice(t).on(ElementMatchers.named(t.method())
                    .and(ElementMatchers.takesArguments(t.parameterTypes()))));
        }
        return builder.make(pool).getBytes();
    }

    private Advice advice(ProbeTarget t) {
        String key = t.advice().getName() + "|" + t.reason() + "|" + t.requireBlock();
        Advice template = templates.get(key);
        if (template == null) {
            template = Advice.withCustomMapping()
                    .bind(ProbeReason.class, t.reason() == null ? "" : t.reason())
                    .bind(RequireBlock.class, t.requireBlock())
                    .to(t.advice(), agentClasses);
            templates.put(key, template);
        }
        return template;
    }
}
