package dev.blockscope.ui;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * One headless Chromium per browser test class: started before the class's own
 * {@code @BeforeAll} methods (JUnit runs a superclass's first) and closed after its tests.
 */
abstract class BrowserTestBase {
    static HeadlessChromium chromium;

    @BeforeAll
    static void startChromium() {
        chromium = HeadlessChromium.available() ? new HeadlessChromium() : null;
    }

    @BeforeEach
    void needsChromium() {
        HeadlessChromium.assumeAvailable();
    }

    @AfterAll
    static void closeChromium() {
        if (chromium != null) { // null when the browser tests were skipped (no Chromium)
            chromium.close();
        }
    }
}
