package dev.blockscope.junit;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Starts {@link AnalyzerWarmup} when the JUnit Platform opens a session (Maven Surefire, Gradle and
 * IDEs open one before discovery), so the analyzer loads and compiles while the build discovers and
 * runs its first tests rather than in the first gated one. Found by the launcher through
 * {@code META-INF/services}; a launcher older than 1.8 never calls it, and the extension starts the
 * warm-up itself.
 */
public final class WarmupSessionListener implements LauncherSessionListener {
    /** Made by the launcher's {@code ServiceLoader}. */
    public WarmupSessionListener() {}

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        AnalyzerWarmup.start();
    }
}
