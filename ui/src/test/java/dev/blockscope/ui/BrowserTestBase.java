package dev.blockscope.ui;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * One headless Chromium per browser test class: started before the class's own
 * {@code @BeforeAll} methods (JUnit runs a superclass's first) and closed after its tests.
 */
abstract class BrowserTestBase {
    static HeadlessChromium chromium;

    @BeforeAll
    static void startChromium() {
        chromium = new HeadlessChromium();
    }

    @AfterAll
    static void closeChromium() {
        chromium.close();
    }
}
