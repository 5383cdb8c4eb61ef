package dev.blockscope.agent;

import dev.blockscope.agent.flight.FlightOptions;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The agent's configuration, parsed from its argument string ({@code key=value} pairs separated
 * by commas; lists inside a value separated by {@code +}).
 *
 * @param file          output file pattern ({@code %p} pid, {@code %t} yyyyMMdd-HHmmss)
 * @param durationNanos stop recording after this long, 0 for never
 * @param maxSizeBytes  recording size limit, 0 for none
 * @param stackMinNanos suspensions at least this long may get a stack; 0: all; {@link Long#MAX_VALUE}: none
 * @param stackRate     stacks per second at most (the longest waits first); 0: no limit
 * @param thresholdNanos shortest suspension recorded
 * @param probes        probe groups to install
 * @param jdkEvents     also record the JDK's own relevant events
 * @param log           how much the agent prints on stderr
 * @param stop          {@code attach --stop}: stop a running recording and write it
 * @param startup       when the probes and the recording start ({@code startup=})
 * @param cacheDir      where the JDK classes as woven by the probes are kept between runs
 *                      ({@link WovenClassCache}); null: {@code cache=off}
 * @param profile       what async-profiler samples ({@code profile=}); empty: it is not loaded
 * @param profileIntervalNanos {@code interval=}: its sampling interval; 0: async-profiler's default (10 ms)
 * @param flight        {@code flight=} and {@code dumpon=}: keep only the last window and write it
 *                      on a trigger ({@link FlightOptions}); null: an ordinary recording
 * @param repository    JFR's repository ({@code repository=}); null: inside {@code <file>.chunks/}
 * @param minFreeBytes  the recording stops before the free space of its file system falls below this
 */
record AgentOptions(String file, long durationNanos, long maxSizeBytes, long stackMinNanos, long stackRate,
                    long thresholdNanos, Set<Probe> probes, boolean jdkEvents, LogLevel log, boolean stop,
                    Startup startup, Path cacheDir, Set<ProfileMode> profile, long profileIntervalNanos,
                    FlightOptions flight, Path repository, long minFreeBytes) {

    /** {@code minfree=} default: room for the output's copy and the rest of the system. */
    static final long DEFAULT_MIN_FREE_BYTES = 256L << 20;

    /** Stack policy default: stacks for suspensions of 1 ms or more (see docs/overhead.md)... */
    static final long DEFAULT_STACK_MIN_NANOS = 1_000_000L;
    /** ... at most this many per second, the longest first (a stack costs JFR 5 to 8 us). */
    static final long DEFAULT_STACK_RATE = 200;

    /**
     * {@code startup=}: {@code NOW} (default): the probes are live before main and what they
     * measure while JFR still starts is committed when it runs; {@code WAIT}: premain also waits
     * for the recording (start-up waits get stacks too); {@code BACKGROUND}: premain returns at
     * once, probes and recording follow on a thread of their own, nothing is recorded until then.
     */
    enum Startup { NOW, WAIT, BACKGROUND }

    /** How much the agent prints. */
    enum LogLevel { OFF, ERROR, INFO, DEBUG }

    /** A malformed or unknown option; its message is the one line the user sees. */
    static final class BadOptionException extends Exception {
        private static final long serialVersionUID = 1L;

        BadOptionException(String option, String why) {
            super("blockscope: bad option '" + option + "': " + why + "; agent disabled");
        }
    }

    static AgentOptions defaults() {
        return new AgentOptions("blockscope-%p.jfr", 0, 0, DEFAULT_STACK_MIN_NANOS, DEFAULT_STACK_RATE, 0,
                EnumSet.allOf(Probe.class), true, LogLevel.ERROR, false, Startup.NOW, defaultCacheDir(),
                EnumSet.noneOf(ProfileMode.class), 0, null, null, DEFAULT_MIN_FREE_BYTES);
    }

    /** {@code $XDG_CACHE_HOME/blockscope}, else {@code ~/.cache/blockscope}; null without a home directory. */
    static Path defaultCacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "blockscope");
        }
        String home = System.getProperty("user.home");
        return home == null || home.isBlank() || home.equals("?") ? null : Path.of(home, ".cache", "blockscope");
    }

    boolean background() {
        return startup == Startup.BACKGROUND;
    }

    /** Parses the agent argument (null or blank: all defaults). */
    static AgentOptions parse(String argument) throws BadOptionException {
        AgentOptions o = defaults();
        if (argument == null || argument.isBlank()) {
            return o;
        }
        String file = o.file;
        long duration = o.durationNanos, maxSize = o.maxSizeBytes, stackMin = o.stackMinNanos, threshold = o.thresholdNanos;
        long stackRate = o.stackRate;
        Set<Probe> probes = o.probes;
        boolean jdkEvents = o.jdkEvents, stop = false;
        Startup startup = o.startup;
        Path cacheDir = o.cacheDir;
        Path repository = o.repository;
        long minFree = o.minFreeBytes;
        LogLevel log = o.log;
        Set<ProfileMode> profile = o.profile;
        long interval = o.profileIntervalNanos;
        String flight = null;
        String dumpon = null;
        for (String option : argument.split(",", -1)) {
            String item = option.strip();
            if (item.equals("stop")) {
                stop = true;
                continue;
            }
            int eq = item.indexOf('=');
            if (eq <= 0) {
                throw new BadOptionException(item, item.isEmpty() ? "empty option" : "expected key=value");
            }
            String key = item.substring(0, eq).strip();
            String value = item.substring(eq + 1).strip();
            switch (key) {
                case "file" -> {
                    if (value.isEmpty()) {
                        throw new BadOptionException(item, "empty file name");
                    }
                    file = value;
                }
                case "duration" -> duration = duration(item, value);
                case "maxsize" -> maxSize = size(item, value);
                case "threshold" -> threshold = duration(item, value);
                case "stacks" -> stackMin = switch (value) {
                    case "on", "all" -> 0L;
                    case "off", "none" -> Long.MAX_VALUE;
                    default -> duration(item, value);
                };
                case "stackrate" -> stackRate = rate(item, value);
                case "probes" -> probes = probes(item, value);
                case "jdkevents" -> jdkEvents = switch (value) {
                    case "on", "true" -> true;
                    case "off", "false" -> false;
                    default -> throw new BadOptionException(item, "expected on or off");
                };
                case "startup" -> startup = switch (value) {
                    case "now" -> Startup.NOW;
                    case "wait" -> Startup.WAIT;
                    case "background" -> Startup.BACKGROUND;
                    default -> throw new BadOptionException(item, "expected now, wait or background");
                };
                case "cache" -> cacheDir = switch (value) {
                    case "on" -> defaultCacheDir();
                    case "off" -> null;
                    default -> {
                        if (value.isEmpty()) {
                            throw new BadOptionException(item, "expected on, off or a directory");
                        }
                        try {
                            yield Path.of(value).toAbsolutePath();
                        } catch (java.nio.file.InvalidPathException e) {
                            throw new BadOptionException(item, "not a directory path (" + e.getReason() + ")");
                        }
                    }
                };
                case "profile" -> profile = profile(item, value);
                case "interval" -> {
                    interval = duration(item, value);
                    if (interval == 0) {
                        throw new BadOptionException(item, "expected a sampling interval such as 10ms or 500us");
                    }
                }
                case "flight" -> flight = value;
                case "dumpon" -> dumpon = value;
                case "repository" -> {
                    if (value.isEmpty()) {
                        throw new BadOptionException(item, "expected a directory");
                    }
                    try {
                        repository = Path.of(value).toAbsolutePath();
                    } catch (java.nio.file.InvalidPathException e) {
                        throw new BadOptionException(item, "not a directory path (" + e.getReason() + ")");
                    }
                }
                case "minfree" -> minFree = size(item, value);
                case "log" -> {
                    try {
                        log = LogLevel.valueOf(value.toUpperCase(Locale.ROOT));
                    } catch (IllegalArgumentException e) {
                        throw new BadOptionException(item, "expected off, error, info or debug");
                    }
                }
                default -> throw new BadOptionException(item,
                        "unknown option (known: file, duration, maxsize, stacks, stackrate, threshold, probes, jdkevents, log, startup, cache,"
                        + " profile, interval, flight, dumpon, repository, minfree, stop)");
            }
        }
        FlightOptions flightOptions = null;
        if (dumpon != null && flight == null) {
            throw new BadOptionException("dumpon=" + dumpon, "only with flight= (the window a dump holds), e.g. flight=30s");
        }
        if (flight != null) {
            String item = "flight=" + flight + (dumpon == null ? "" : ",dumpon=" + dumpon);
            try {
                flightOptions = FlightOptions.parse(flight, dumpon, new FlightOptions.Durations() {
                    @Override
                    public long duration(String value) throws FlightOptions.Bad {
                        try {
                            return AgentOptions.duration(value, value);
                        } catch (BadOptionException e) {
                            throw new FlightOptions.Bad("'" + value + "' is not a duration such as 10ms, 2s");
                        }
                    }

                    @Override
                    public long size(String value) throws FlightOptions.Bad {
                        try {
                            return AgentOptions.size(value, value);
                        } catch (BadOptionException e) {
                            throw new FlightOptions.Bad("'" + value + "' is not a size such as 64m");
                        }
                    }
                });
            } catch (FlightOptions.Bad e) {
                throw new BadOptionException(item, e.getMessage());
            }
        }
        if (interval != 0 && profile.isEmpty()) {
            throw new BadOptionException("interval=" + interval + "ns", "a sampling interval needs profile= (e.g. profile=cpu)");
        }
        return new AgentOptions(file, duration, maxSize, stackMin, stackRate, threshold, probes, jdkEvents, log, stop, startup,
                cacheDir, profile, interval, flightOptions, repository, minFree);
    }

    /** The output path with {@code %p} and {@code %t} replaced ({@code now} may be null without {@code %t}). */
    Path outputPath(long pid, LocalDateTime now) {
        String name = file.replace("%p", Long.toString(pid));
        if (name.contains("%t")) {
            name = name.replace("%t", now.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        }
        return Path.of(name).toAbsolutePath();
    }

    /** Parses {@code 0}, {@code 250ns}, {@code 10us}, {@code 5ms}, {@code 2s}, {@code 1m}, {@code 1h}. */
    static long duration(String item, String value) throws BadOptionException {
        if (value.equals("0")) {
            return 0;
        }
        String[][] units = {{"ns", "1"}, {"us", "1000"}, {"ms", "1000000"}, {"s", "1000000000"},
                {"m", "60000000000"}, {"h", "3600000000000"}};
        for (String[] unit : units) {
            if (value.endsWith(unit[0])) {
                String number = value.substring(0, value.length() - unit[0].length());
                if (number.isEmpty() || !allDigits(number)) {
                    continue;
                }
                try {
                    return Math.multiplyExact(Long.parseLong(number), Long.parseLong(unit[1]));
                } catch (ArithmeticException | NumberFormatException e) {
                    throw new BadOptionException(item, "duration too large");
                }
            }
        }
        throw new BadOptionException(item, "expected a duration such as 0, 500ns, 10us, 1ms, 2s, 5m");
    }

    /** Parses a rate per second: {@code 200}, {@code 200/s}, or {@code unlimited} (0). */
    static long rate(String item, String value) throws BadOptionException {
        if (value.equals("unlimited")) {
            return 0;
        }
        String v = value.endsWith("/s") ? value.substring(0, value.length() - 2) : value;
        if (v.isEmpty() || !allDigits(v) || v.length() > 9 || Long.parseLong(v) == 0) {
            throw new BadOptionException(item, "expected stacks per second such as 200 or 200/s, or unlimited");
        }
        return Long.parseLong(v);
    }

    /** Parses bytes, or a number with {@code k}, {@code m}, {@code g}. */
    static long size(String item, String value) throws BadOptionException {
        String v = value.toLowerCase(Locale.ROOT);
        long factor = 1;
        if (v.endsWith("k") || v.endsWith("m") || v.endsWith("g")) {
            factor = switch (v.charAt(v.length() - 1)) {
                case 'k' -> 1L << 10;
                case 'm' -> 1L << 20;
                default -> 1L << 30;
            };
            v = v.substring(0, v.length() - 1);
        }
        if (v.isEmpty() || !allDigits(v)) {
            throw new BadOptionException(item, "expected a size such as 100m, 1g or a number of bytes");
        }
        try {
            return Math.multiplyExact(Long.parseLong(v), factor);
        } catch (ArithmeticException | NumberFormatException e) {
            throw new BadOptionException(item, "size too large");
        }
    }

    /** {@code park+sleep} selects those; {@code -file+-process} removes those from all; {@code all}. */
    static Set<Probe> probes(String item, String value) throws BadOptionException {
        if (value.isEmpty()) {
            throw new BadOptionException(item, "empty probe list");
        }
        String[] names = value.split("\\+", -1);
        boolean removing = names[0].startsWith("-");
        Set<Probe> result = removing ? EnumSet.allOf(Probe.class) : EnumSet.noneOf(Probe.class);
        for (String raw : names) {
            boolean minus = raw.startsWith("-");
            if (minus != removing) {
                throw new BadOptionException(item, "mix of added and removed probes; use either a+b or -a+-b");
            }
            String name = minus ? raw.substring(1) : raw;
            if (name.equals("all") && !minus) {
                result.addAll(EnumSet.allOf(Probe.class));
                continue;
            }
            Probe probe = null;
            for (Probe p : Probe.values()) {
                if (p.optionName().equals(name)) {
                    probe = p;
                }
            }
            if (probe == null) {
                throw new BadOptionException(item, "unknown probe '" + name + "' (known: "
                        + String.join(", ", EnumSet.allOf(Probe.class).stream().map(Probe::optionName).toList()) + ")");
            }
            if (minus) {
                result.remove(probe);
            } else {
                result.add(probe);
            }
        }
        return result;
    }

    /** {@code cpu}, {@code cpu+wall}, {@code itimer+alloc+lock}...; {@code off} for none. */
    static Set<ProfileMode> profile(String item, String value) throws BadOptionException {
        Set<ProfileMode> result = EnumSet.noneOf(ProfileMode.class);
        if (value.equals("off")) {
            return result;
        }
        for (String name : value.split("\\+", -1)) {
            ProfileMode mode = null;
            for (ProfileMode m : ProfileMode.values()) {
                if (m.optionName().equals(name)) {
                    mode = m;
                }
            }
            if (mode == null) {
                throw new BadOptionException(item, "unknown profile '" + name + "' (known: cpu, wall, itimer, lock, alloc, joined with +; or off)");
            }
            result.add(mode);
        }
        if (result.contains(ProfileMode.CPU) && result.contains(ProfileMode.ITIMER)) {
            throw new BadOptionException(item, "cpu and itimer are two ways to sample the CPU: choose one");
        }
        return result;
    }

    /** A loop, not a stream: options are parsed in premain, where a lambda's bootstrap costs milliseconds. */
    private static boolean allDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
