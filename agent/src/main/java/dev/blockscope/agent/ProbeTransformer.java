package dev.blockscope.agent;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent's one class file transformer: it changes exactly the JDK classes the probes name
 * and nothing else (a map lookup for every other class the JVM loads or retransforms, so the
 * classes JFR loads while it starts cost nothing extra). The woven bytes come from the
 * {@link WovenClassCache} when this JDK's class and the probe plan match an entry, else from
 * {@link AdviceWeaver} (Byte Buddy, loaded only then), and then go into the cache.
 */
final class ProbeTransformer implements ClassFileTransformer {
    /** Internal name ({@code java/lang/Thread}) to the targets woven into that class. */
    private final Map<String, List<ProbeTarget>> plans;
    private final Map<String, String> planKeys = new ConcurrentHashMap<>();
    private final WovenClassCache cache;
    private AdviceWeaver weaver;
    /** Binary class name to why it could not be woven. */
    private final Map<String, Throwable> failures = new ConcurrentHashMap<>();
    /** Binary class name to the cache key of the bytes handed to the JVM. */
    private final Map<String, String> handedOut = new ConcurrentHashMap<>();
    private volatile int hits;
    private volatile int woven;

    ProbeTransformer(Map<String, List<ProbeTarget>> byBinaryName, WovenClassCache cache) {
        this.plans = new ConcurrentHashMap<>();
        for (Map.Entry<String, List<ProbeTarget>> e : byBinaryName.entrySet()) {
            String internal = e.getKey().replace('.', '/');
            plans.put(internal, e.getValue());
            StringBuilder plan = new StringBuilder();
            for (ProbeTarget t : e.getValue()) {
                plan.append(t.method()).append(t.parameters()).append('>').append(t.advice().getName())
                        .append('/').append(t.reason()).append('/').append(t.requireBlock()).append(';');
            }
            planKeys.put(internal, plan.toString());
        }
        this.cache = cache;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefining,
                            ProtectionDomain domain, byte[] original) {
        if (loader != null || className == null) {
            return null; // every target is a bootstrap class
        }
        List<ProbeTarget> targets = plans.get(className);
        if (targets == null) {
            return null;
        }
        String binaryName = className.replace('/', '.');
        try {
            String key = WovenClassCache.key(binaryName, planKeys.get(className), original);
            byte[] bytes = cache.get(key);
            if (bytes != null) {
                hits++;
            } else {
                bytes = weaver().weave(binaryName, original, targets);
                woven++;
                cache.put(key, bytes);
            }
            handedOut.put(binaryName, key);
            return bytes;
        } catch (Throwable e) {
            // the class stays as it is; its probes are reported off
            failures.put(binaryName, e);
            return null;
        }
    }

    /**
     * Drops the weaver and its cache of JDK type descriptions (about 0.4 MB after a cold start)
     * once the install's retransformation is done; a later retransformation (another agent's)
     * makes a new one.
     */
    synchronized void releaseWeaver() {
        weaver = null;
    }

    private synchronized AdviceWeaver weaver() {
        if (weaver == null) {
            weaver = new AdviceWeaver();
        }
        return weaver;
    }

    /** The JVM refused the bytes handed out for this class: its probes are off, and the entry goes. */
    void refused(String binaryName, Throwable why) {
        failures.put(binaryName, why);
        String key = handedOut.remove(binaryName);
        if (key != null) {
            cache.remove(key);
        }
    }

    Map<String, Throwable> failures() {
        return failures;
    }

    /** Classes served from the cache. */
    int hits() {
        return hits;
    }

    /** Classes woven with Byte Buddy in this run. */
    int woven() {
        return woven;
    }
}
