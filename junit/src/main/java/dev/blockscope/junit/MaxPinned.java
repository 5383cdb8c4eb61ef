package dev.blockscope.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code check --max-pinned} for one test: a number (most pinned waits) or a duration such as
 * {@code "10ms"} (most pinned time in total). {@link NoPinning} is {@code @MaxPinned("0")}.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(BlockscopeExtension.class)
public @interface MaxPinned {
    /** A count ({@code "2"}) or a duration ({@code "10ms"}). */
    String value();
}
