package dev.blockscope.runtime;

import dev.blockscope.event.TaskEndEvent;
import dev.blockscope.event.TaskHints;
import dev.blockscope.event.TaskLabelEvent;
import dev.blockscope.event.TaskStartEvent;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A runtime task: Go's {@code go f()} on a virtual thread, with a name, a runtime id, the id of
 * the task that started it and a group, so that a report can show one logical task across the
 * threads it used and group tasks by role.
 *
 * <pre>{@code
 * Task worker = Task.go("pipeline", "square-1", () -> { for (int v : in) out.send(v * v); });
 * worker.join();
 * }</pre>
 *
 * <p>The task's thread commits {@code blockscope.TaskLabel} (name, group, runtime id, parent
 * runtime id) as its first action. When no blockscope agent is attached it also commits
 * {@code blockscope.TaskStart} and {@code blockscope.TaskEnd} itself, since nobody else would;
 * with the agent attached the agent records those for every thread.
 *
 * <p>An exception thrown by the body ends the task (recorded as failed), is kept for
 * {@link #failure()}, and reaches the thread's uncaught-exception handler, which prints it:
 * unlike a Go panic it does not stop the program.
 */
public final class Task {
    private static final AtomicLong IDS = new AtomicLong();
    private static final ThreadLocal<Task> CURRENT = new ThreadLocal<>();

    private final long id;
    private final String name;
    private final String group;
    private final long parentId;
    private volatile Thread thread;
    private volatile Throwable failure;

    private Task(String group, String name, long parentId) {
        this.id = IDS.incrementAndGet();
        this.name = Objects.requireNonNull(name, "task name");
        this.group = group;
        this.parentId = parentId;
    }

    /** Starts {@code body} as a new task named {@code name} on a virtual thread; the group is the caller's task's. */
    public static Task go(String name, Runnable body) {
        Task parent = CURRENT.get();
        return go(parent == null ? null : parent.group, name, body);
    }

    /** Starts {@code body} as a new task in {@code group} (may be null) on a virtual thread named {@code name}. */
    public static Task go(String group, String name, Runnable body) {
        Objects.requireNonNull(body, "task body");
        Task parent = CURRENT.get();
        Task task = new Task(group, name, parent == null ? 0 : parent.id);
        long parentThreadId = Thread.currentThread().threadId();
        task.thread = Thread.ofVirtual().name(name).unstarted(() -> task.run(body, parentThreadId));
        task.thread.start();
        return task;
    }

    /**
     * Labels the calling thread (typically {@code main} or a thread of another framework) as a
     * runtime task, so the tasks it starts name it as their parent. Commits
     * {@code blockscope.TaskLabel} only: the thread's start and end belong to whoever started it.
     */
    public static Task adopt(String group, String name) {
        Task parent = CURRENT.get();
        Task task = new Task(group, name, parent == null ? 0 : parent.id);
        task.thread = Thread.currentThread();
        CURRENT.set(task);
        task.label();
        return task;
    }

    /** The runtime task the calling thread runs, or null outside one. */
    public static Task current() {
        return CURRENT.get();
    }

    /** Runtime id of the calling thread's task, 0 outside one (the value events carry). */
    static long currentId() {
        Task t = CURRENT.get();
        return t == null ? 0 : t.id;
    }

    private void run(Runnable body, long parentThreadId) {
        CURRENT.set(this);
        // Decided once, so a task never has a start without its end.
        boolean recordLifetime = !TaskHints.agentActive();
        if (recordLifetime) {
            TaskStartEvent start = new TaskStartEvent();
            start.virtual = Thread.currentThread().isVirtual();
            start.parentId = parentThreadId;
            start.commit();
        }
        label();
        boolean failed = false;
        try {
            body.run();
        } catch (Throwable t) {
            failed = true;
            failure = t;
            throw t;
        } finally {
            if (recordLifetime) {
                TaskEndEvent end = new TaskEndEvent();
                end.failed = failed;
                end.commit();
            }
            CURRENT.remove();
        }
    }

    private void label() {
        TaskHints.awaitRecording();
        TaskLabelEvent label = new TaskLabelEvent();
        if (label.shouldCommit()) {
            label.taskName = name;
            label.group = group;
            label.runtimeTaskId = id;
            label.parentRuntimeTaskId = parentId;
            label.commit();
        }
    }

    /** Runtime task id, unique in this JVM, starting at 1. */
    public long id() {
        return id;
    }

    /** The name given at start (also the virtual thread's name). */
    public String name() {
        return name;
    }

    /** The group, or null. */
    public String group() {
        return group;
    }

    /** Runtime id of the task that started this one, 0 when started outside a runtime task. */
    public long parentId() {
        return parentId;
    }

    /** The thread running the task. */
    public Thread thread() {
        return thread;
    }

    /** The exception that ended the task, or null. */
    public Throwable failure() {
        return failure;
    }

    /** Waits until the task ended. */
    public void join() throws InterruptedException {
        thread.join();
    }

    /** Waits at most {@code timeout} for the task to end; true when it ended. */
    public boolean join(Duration timeout) throws InterruptedException {
        return thread.join(timeout);
    }

    @Override
    public String toString() {
        return "Task#" + id + "(" + (group == null ? "" : group + "/") + name + ")";
    }
}
