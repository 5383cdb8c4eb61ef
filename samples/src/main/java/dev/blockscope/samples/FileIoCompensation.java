package dev.blockscope.samples;

import dev.blockscope.runtime.Task;
import dev.blockscope.runtime.WaitGroup;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * File I/O on virtual threads holds the carrier: the JDK cannot unmount a thread blocked in a
 * file system call. For some calls it compensates, adding a carrier to the pool for the time of
 * the call; on JDK 25 that is {@code force}/{@code sync}, synchronous ({@code O_SYNC}/
 * {@code O_DSYNC}) and direct writes and reads, but no longer plain reads and writes, which are
 * usually too fast to be worth it. To make file calls slow at will, the tasks use named pipes
 * ({@code mkfifo}), which block like a slow disk until the main thread serves them:
 * <ol>
 *   <li>not compensated: N tasks each read one byte from a pipe opened {@code "rw"}; only
 *       {@code parallelism} of them can be in their read at a time, the others wait for a
 *       carrier, and the pool stays at its parallelism;</li>
 *   <li>compensated: N tasks each write 100 KB into a pipe opened {@code "rws"} (synchronous);
 *       the pipe holds 64 KB, so each write blocks, and the pool grows past its parallelism.</li>
 * </ol>
 * Usage: {@code FileIoCompensation [--tasks N] [--block-ms N]} (defaults 6 and 200).
 * Needs Linux's {@code mkfifo}; the parallelism is 2 unless given on the command line.
 */
public final class FileIoCompensation {
    private static final int WRITE_BYTES = 100_000;

    private FileIoCompensation() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = Options.parse(args, "tasks", "block-ms");
        int parallelism = Carriers.requestParallelism(2);
        int tasks = Options.positiveInt(opts, "tasks", 6);
        int blockMs = Options.positiveInt(opts, "block-ms", 200);
        Path dir = Files.createTempDirectory("blockscope-fileio");
        try {
            Task.adopt("file-io", "main");
            List<Path> pipes = makePipes(dir, tasks);
            // Plain reads first, while the pool is still at its parallelism: carriers added by
            // compensation stay in the pool (idle) for a while afterwards.
            int[] plain = plainReads(pipes, blockMs, parallelism);
            int plainMax = plain[0];
            int plainCarriers = plain[1];
            int compensated = syncWrites(pipes, blockMs);
            System.out.printf(Locale.ROOT, "file I/O on %d carriers, %d tasks blocked %d ms in file calls (named pipes)%n",
                    parallelism, tasks, blockMs);
            System.out.printf(Locale.ROOT, "  plain reads (\"rw\"):          at most %d carriers, at most %d tasks in their read at once (no compensation)%n",
                    plainCarriers, plainMax);
            System.out.printf(Locale.ROOT, "  synchronous writes (\"rws\"): the pool grew to %d carriers (compensation)%n", compensated);
            GroundTruth.of("file-io-compensation")
                    .put("jdk", Runtime.version().feature())
                    .put("parallelism", parallelism)
                    .put("tasks", tasks)
                    .put("block_ms", blockMs)
                    .put("plain_read_max_carriers", plainCarriers)
                    .put("plain_read_max_concurrent", plainMax)
                    .put("sync_write_max_carriers", compensated)
                    .put("sync_writes", tasks)
                    .put("plain_reads", tasks)
                    .print();
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static List<Path> makePipes(Path dir, int n) throws IOException, InterruptedException {
        List<Path> pipes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Path p = dir.resolve("pipe-" + i);
            Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
            if (mk.waitFor() != 0) {
                throw new IOException("mkfifo " + p + " failed (exit " + mk.exitValue() + ")");
            }
            pipes.add(p);
        }
        return pipes;
    }

    /** Each task blocks in a synchronous write until main drains its pipe; returns the largest pool seen. */
    private static int syncWrites(List<Path> pipes, int blockMs) throws Exception {
        WaitGroup wg = new WaitGroup();
        boolean[] started = new boolean[pipes.size()];
        for (int i = 0; i < pipes.size(); i++) {
            Path pipe = pipes.get(i);
            int me = i;
            wg.go("sync-writer-" + i, () -> {
                synchronized (started) {
                    started[me] = true;
                }
                try (RandomAccessFile f = new RandomAccessFile(pipe.toFile(), "rws")) {
                    f.write(new byte[WRITE_BYTES]);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
        int max = watchCarriers(blockMs);
        // Drain only pipes whose writer runs: opening a pipe to read waits for its writer, and
        // without compensation the later writers get a carrier only when earlier ones finish.
        boolean[] drained = new boolean[pipes.size()];
        for (int left = pipes.size(); left > 0; ) {
            for (int i = 0; i < pipes.size(); i++) {
                boolean ready;
                synchronized (started) {
                    ready = started[i] && !drained[i];
                }
                if (ready) {
                    drain(pipes.get(i));
                    drained[i] = true;
                    left--;
                }
            }
            Thread.sleep(1);
        }
        wg.await();
        return max;
    }

    private static void drain(Path pipe) throws IOException {
        try (RandomAccessFile r = new RandomAccessFile(pipe.toFile(), "r")) {
            byte[] buf = new byte[WRITE_BYTES];
            int got = 0;
            for (int k; got < WRITE_BYTES && (k = r.read(buf, got, buf.length - got)) > 0; ) {
                got += k;
            }
        }
    }

    /**
     * Each task blocks reading one byte; main keeps a writer open on every pipe and writes the
     * byte after {@code blockMs}. Returns how many tasks were inside their read at once, at most,
     * and the most carriers seen meanwhile.
     */
    private static int[] plainReads(List<Path> pipes, int blockMs, int parallelism) throws Exception {
        List<RandomAccessFile> writers = new ArrayList<>();
        AtomicInteger inRead = new AtomicInteger();
        AtomicInteger maxInRead = new AtomicInteger();
        try {
            for (Path pipe : pipes) {
                writers.add(new RandomAccessFile(pipe.toFile(), "rw"));
            }
            WaitGroup wg = new WaitGroup();
            for (int i = 0; i < pipes.size(); i++) {
                Path pipe = pipes.get(i);
                wg.go("plain-reader-" + i, () -> {
                    try (RandomAccessFile f = new RandomAccessFile(pipe.toFile(), "rw")) {
                        maxInRead.accumulateAndGet(inRead.incrementAndGet(), Math::max);
                        f.read();
                        inRead.decrementAndGet();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
            // Serve the pipes one batch of carriers at a time: the readers of the next batch get a
            // carrier only when the previous batch's reads return.
            int maxCarriers = 0;
            for (int served = 0; served < pipes.size(); served++) {
                if (served % parallelism == 0) {
                    maxCarriers = Math.max(maxCarriers, watchCarriers(blockMs));
                }
                writers.get(served).write(1);
            }
            wg.await();
            return new int[] {maxInRead.get(), maxCarriers};
        } finally {
            for (RandomAccessFile w : writers) {
                w.close();
            }
        }
    }

    private static int watchCarriers(int ms) throws InterruptedException {
        int max = 0;
        long end = System.nanoTime() + ms * 1_000_000L;
        while (System.nanoTime() < end) {
            max = Math.max(max, Carriers.count());
            Thread.sleep(10);
        }
        return max;
    }
}
