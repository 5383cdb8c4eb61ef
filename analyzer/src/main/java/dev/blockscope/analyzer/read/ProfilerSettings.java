package dev.blockscope.analyzer.read;

import dev.blockscope.analyzer.event.TraceEvent;
import java.util.Set;

/**
 * Which jdk.ActiveSetting events are async-profiler's: it lists its own options as settings,
 * and {@code interval}, {@code wall}, {@code event} and {@code engine} are names no JFR event
 * setting uses (JFR's are enabled, threshold, period, stackTrace, throttle...). Every other
 * setting is the JDK's and maps to nothing.
 */
final class ProfilerSettings {
    private static final Set<String> NAMES = Set.of("interval", "wall", "event", "engine");

    private ProfilerSettings() {}

    static TraceEvent.ProfilerSetting of(long time, String name, String value) {
        return name != null && value != null && NAMES.contains(name) ? new TraceEvent.ProfilerSetting(time, name, value) : null;
    }
}
