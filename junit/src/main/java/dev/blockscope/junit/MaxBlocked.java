package dev.blockscope.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code check --max-blocked} for one test: the most time its tasks may wait, summed, for a reason
 * ({@code park.lock}), a reason prefix ({@code park}) or a family ({@code sleep}, {@code lock},
 * {@code handoff}, {@code net}, {@code file}, {@code process}, {@code other}). Repeatable.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@Repeatable(MaxBlocked.List.class)
@ExtendWith(BlockscopeExtension.class)
public @interface MaxBlocked {
    /** A reason, reason prefix or family. */
    String reason();

    /** A duration: {@code "10ms"}, {@code "1.5s"}. */
    String max();

    /** The container of repeated {@link MaxBlocked}. */
    @Documented
    @Inherited
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.TYPE, ElementType.METHOD})
    @ExtendWith(BlockscopeExtension.class)
    @interface List {
        MaxBlocked[] value();
    }
}
