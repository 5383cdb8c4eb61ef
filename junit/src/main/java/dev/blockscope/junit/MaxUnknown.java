package dev.blockscope.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code check --max-unknown} for one test: the most UNKNOWN time (no event explains it) of its tasks. */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(BlockscopeExtension.class)
public @interface MaxUnknown {
    /** A duration: {@code "10ms"}. */
    String value();
}
