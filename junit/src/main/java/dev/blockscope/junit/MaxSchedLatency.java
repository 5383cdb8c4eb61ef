package dev.blockscope.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code check --max-sched-latency-p99} for one test: the highest p99 of the time its tasks, once
 * woken, waited for a carrier. A test whose tasks were never woken passes it (the gate says
 * "skipped" in the failure message of another gate).
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(BlockscopeExtension.class)
public @interface MaxSchedLatency {
    /** A duration: {@code "5ms"}. */
    String p99();
}
