package dev.blockscope.agent.advice;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds whether a virtual thread's call counts only if it really unmounted or parked pinned
 * (a socket read with data ready, a join on a finished thread, did not suspend the task).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface RequireBlock {
}
