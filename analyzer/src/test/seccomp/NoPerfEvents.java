import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Runs a command where perf events are not permitted, as in a container under Docker's default
 * seccomp profile: a seccomp filter makes {@code perf_event_open} fail with EPERM for this
 * thread and everything it starts; every other system call is allowed. The rest of the machine
 * is untouched (unlike raising {@code kernel.perf_event_paranoid}, which would fail every other
 * build's profiler meanwhile, and which root ignores).
 *
 * <p>A source-file program (run as {@code java --enable-native-access=ALL-UNNAMED
 * NoPerfEvents.java COMMAND...} on JDK 22+): the foreign function API it calls {@code prctl}
 * with is not final at the tests' release 21. Prints {@code NO-PERF-EVENTS installed} on
 * stderr, then runs the command with this process' standard streams and exits with its code;
 * exit 3 (and why) where no filter can be installed (another architecture, another OS).
 */
public class NoPerfEvents {
    private static final int PR_SET_NO_NEW_PRIVS = 38;
    private static final int PR_SET_SECCOMP = 22;
    private static final long SECCOMP_MODE_FILTER = 2;
    private static final int EPERM = 1;

    public static void main(String[] args) throws Throwable {
        int auditArch;
        int perfEventOpen;
        switch (System.getProperty("os.arch")) {
            case "amd64", "x86_64" -> { auditArch = 0xC000003E; perfEventOpen = 298; }
            case "aarch64" -> { auditArch = 0xC00000B7; perfEventOpen = 241; }
            default -> {
                System.err.println("NO-PERF-EVENTS unsupported: " + System.getProperty("os.arch"));
                System.exit(3);
                return;
            }
        }
        if (!System.getProperty("os.name").equals("Linux")) {
            System.err.println("NO-PERF-EVENTS unsupported: " + System.getProperty("os.name"));
            System.exit(3);
        }
        // classic BPF over struct seccomp_data {int nr; u32 arch; ...}: another architecture's
        // numbering is allowed through, perf_event_open of this one fails with EPERM
        int[][] program = {
            {0x20, 0, 0, 4},                       // ld  [arch]
            {0x15, 0, 3, auditArch},               // jeq arch, next, else allow
            {0x20, 0, 0, 0},                       // ld  [nr]
            {0x15, 0, 1, perfEventOpen},           // jeq perf_event_open, next, else allow
            {0x06, 0, 0, 0x00050000 | EPERM},      // ret SECCOMP_RET_ERRNO | EPERM
            {0x06, 0, 0, 0x7fff0000},              // ret SECCOMP_RET_ALLOW
        };
        Linker linker = Linker.nativeLinker();
        MemorySegment prctl = linker.defaultLookup().find("prctl").orElseThrow();
        MethodHandle prctlLongs = linker.downcallHandle(prctl, FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG),
                Linker.Option.firstVariadicArg(1));
        MethodHandle prctlPointer = linker.downcallHandle(prctl, FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                ValueLayout.JAVA_LONG, ValueLayout.ADDRESS), Linker.Option.firstVariadicArg(1));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment filter = arena.allocate(8L * program.length, 8);
            for (int i = 0; i < program.length; i++) {
                filter.set(ValueLayout.JAVA_SHORT, 8L * i, (short) program[i][0]);
                filter.set(ValueLayout.JAVA_BYTE, 8L * i + 2, (byte) program[i][1]);
                filter.set(ValueLayout.JAVA_BYTE, 8L * i + 3, (byte) program[i][2]);
                filter.set(ValueLayout.JAVA_INT, 8L * i + 4, program[i][3]);
            }
            MemorySegment fprog = arena.allocate(16, 8); // struct sock_fprog {unsigned short len; struct sock_filter *filter;}
            fprog.set(ValueLayout.JAVA_SHORT, 0, (short) program.length);
            fprog.set(ValueLayout.ADDRESS, 8, filter);
            int noNewPrivs = (int) prctlLongs.invokeExact(PR_SET_NO_NEW_PRIVS, 1L, 0L, 0L, 0L);
            int seccomp = (int) prctlPointer.invokeExact(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, fprog);
            if (noNewPrivs != 0 || seccomp != 0) {
                System.err.println("NO-PERF-EVENTS unsupported: prctl answered " + noNewPrivs + ", " + seccomp);
                System.exit(3);
            }
        }
        System.err.println("NO-PERF-EVENTS installed");
        // the filter is this thread's: the child is started from it, and keeps it across exec
        Process child = new ProcessBuilder(args).inheritIO().start();
        System.exit(child.waitFor());
    }
}
