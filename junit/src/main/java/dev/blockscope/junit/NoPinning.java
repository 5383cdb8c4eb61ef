package dev.blockscope.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Fails a test during which one of its tasks pinned a carrier (waited holding it), with the site,
 * the stack, the pin reason and the fix, as {@code blockscope pinning} prints them. On a class:
 * every test of it. Needs the blockscope agent on the test JVM; the tasks counted are
 * {@link BlockscopeExtension}'s.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(BlockscopeExtension.class)
public @interface NoPinning {}
