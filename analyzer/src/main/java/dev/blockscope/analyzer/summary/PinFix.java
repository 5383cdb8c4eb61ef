package dev.blockscope.analyzer.summary;

import dev.blockscope.analyzer.model.ReasonFamily;
import java.util.Locale;

/** The fix that applies to a pinning site, from its wait reason, the JDK's pin reason and the recorded JDK. */
final class PinFix {
    private PinFix() {}

    static String advise(String reason, String pinReason, int jdkFeature, java.util.List<String> frames) {
        String pin = pinReason == null ? "" : pinReason.toLowerCase(Locale.ROOT);
        String why = reason == null ? "" : reason;
        boolean inClinit = frames.stream().anyMatch(f -> f.contains(".<clinit>"));
        if (why.equals("class.init") || pin.contains("clinit") || pin.contains("class init") || inClinit) {
            return "The wait happens while a class is being initialized (<clinit> on the stack), which pins on every JDK: "
                    + "move the blocking work out of the static initializer (initialize lazily, after class init).";
        }
        if (ReasonFamily.of(why) == ReasonFamily.FILE) {
            return "File I/O holds the carrier on every JDK (the pool adds a carrier to compensate): move bulk file I/O "
                    + "to a small platform-thread pool, or accept it if the files are local and fast.";
        }
        if (pin.contains("native") || pin.contains("foreign")) {
            return "A native method or foreign call is on the stack while waiting, which pins on every JDK: do not block "
                    + "inside native upcalls; return from native code before waiting.";
        }
        if (pin.contains("critical")) {
            return "The wait happens in a JDK critical section that cannot unmount: restructure so the blocking call "
                    + "is outside it.";
        }
        if (pin.contains("monitor") || pin.contains("synchron") || why.startsWith("monitor.")) {
            if (jdkFeature == 0) {
                return "Waiting while holding a monitor (synchronized / Object.wait) pins before JDK 24 (JEP 491): on "
                        + "older JDKs upgrade or replace synchronized with ReentrantLock; on JDK 24+ look for native "
                        + "frames or <clinit> on the stack (the recording does not say which JDK ran it).";
            }
            if (jdkFeature >= 24) {
                return "Holding a monitor no longer pins since JDK 24 (JEP 491) unless native frames or <clinit> are "
                        + "also on the stack: check the stack for those.";
            }
            return "Waiting while holding a monitor (synchronized / Object.wait) pins before JDK 24: upgrade to JDK 24+ "
                    + "(JEP 491), or replace synchronized with java.util.concurrent.locks.ReentrantLock"
                    + (jdkFeature > 0 ? " (recorded on JDK " + jdkFeature + ")." : ".");
        }
        return "The carrier stayed held while waiting: look at the stack for synchronized blocks (before JDK 24), "
                + "native frames or class initialization around the blocking call.";
    }
}
