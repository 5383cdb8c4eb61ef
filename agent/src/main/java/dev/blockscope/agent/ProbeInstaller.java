package dev.blockscope.agent;

import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Installs the selected probes: advice inlined by retransformation into the few JDK classes named
 * by the probes (class format unchanged), all of them in one {@code retransformClasses} call, and
 * reports which probes are live. A probe whose methods this JDK lacks, or whose class failed to
 * transform, is off; the others keep working.
 */
final class ProbeInstaller {
    private final Instrumentation inst;
    private final AgentLog log;

    /** Probe name to "live" or the reason it is off, in installation order. */
    private final Map<Probe, String> status = new LinkedHashMap<>();
    private ProbeTransformer transformer;
    private Class<?>[] types = new Class<?>[0];
    /** Set by {@link #resolve}: binary class name to the targets in it, and each target's probe. */
    private final Map<String, List<ProbeTarget>> byClass = new LinkedHashMap<>();
    // by identity: a record's hashCode is bootstrapped through invokedynamic, costly in premain
    private final Map<ProbeTarget, Probe> owner = new IdentityHashMap<>();

    /** The JVM's instrumentation, for what else the agent must ask of it (a module grant, say). */
    Instrumentation instrumentation() {
        return inst;
    }

    ProbeInstaller(Instrumentation inst, AgentLog log) {
        this.inst = inst;
        this.log = log;
    }

    Map<Probe, String> status() {
        return status;
    }

    /**
     * Checks each selected probe's methods against this JDK and loads the classes to change.
     * Called before JFR starts: a class loaded while JFR's class file hook is on keeps its
     * original bytes for retransformation, one loaded before has them rebuilt by the JVM, and the
     * two differ, so loading them first keeps the {@link WovenClassCache}'s keys stable.
     */
    void resolve(Set<Probe> selected) {
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
                List<ProbeTarget> list = byClass.get(t.className());
                if (list == null) {
                    list = new ArrayList<>();
                    byClass.put(t.className(), list);
                }
                list.add(t);
                owner.put(t, probe);
            }
        }
        List<Class<?>> loaded = new ArrayList<>();
        for (String name : byClass.keySet()) {
            try {
                loaded.add(Class.forName(name, false, null));
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(name + " vanished after its shape check", e);
            }
        }
        types = loaded.toArray(new Class<?>[0]);
    }

    /** Installs the probes {@link #resolve resolved} before; never throws for a probe-level problem. */
    void install(WovenClassCache cache) {
        if (byClass.isEmpty()) {
            return;
        }
        ProbeTransformer t = new ProbeTransformer(byClass, cache);
        transformer = t;
        inst.addTransformer(t, true);
        try {
            inst.retransformClasses(types);
        } catch (Throwable batch) {
            // The JVM installs all of a batch or nothing: find the class it refused, one by one.
            log.debug("retransforming " + types.length + " classes at once failed (" + batch + "); one by one");
            for (Class<?> type : types) {
                try {
                    inst.retransformClasses(type);
                } catch (Throwable e) {
                    t.refused(type.getName(), e);
                }
            }
        }
        t.releaseWeaver();
        for (Map.Entry<String, Throwable> f : t.failures().entrySet()) {
            for (Map.Entry<ProbeTarget, Probe> o : owner.entrySet()) {
                if (o.getKey().className().equals(f.getKey()) && "live".equals(status.get(o.getValue()))) {
                    status.put(o.getValue(), "off: " + f.getKey() + " failed to transform: " + f.getValue());
                    log.error("probe '" + o.getValue().optionName() + "' off: " + f.getKey()
                            + " failed to transform (" + f.getValue() + ")");
                }
            }
        }
        log.debug(types.length + " classes retransformed, " + t.hits() + " from the cache, " + t.woven()
                + " woven by Byte Buddy");
        if (t.woven() > 0 || !t.failures().isEmpty()) {
            try {
                cache.save();
            } catch (IOException | RuntimeException e) {
                log.debug("woven classes not cached: " + e);
            }
        }
    }

    /** Removes the probes again (used by {@code attach --stop}): the classes get their original bytes back. */
    void uninstall() {
        if (transformer != null) {
            inst.removeTransformer(transformer);
            transformer = null;
            try {
                inst.retransformClasses(types);
            } catch (Throwable e) {
                throw new IllegalStateException("restoring " + types.length + " JDK classes failed: " + e, e);
            }
        }
    }
}
