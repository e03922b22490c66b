package io.taskrunner.console.view;

/**
 * Makes TestFX run JavaFX without a display, through Monocle's headless platform and the software renderer. Must run
 * before the JavaFX toolkit starts: call {@link #configure()} from a static initializer of the test class.
 */
final class HeadlessFx {
    private HeadlessFx() {
    }

    static void configure() {
        if (Boolean.parseBoolean(System.getProperty("testfx.headed", "false"))) {
            return; // -Dtestfx.headed=true shows the windows on a real display while debugging
        }
        System.setProperty("testfx.robot", "glass");
        System.setProperty("testfx.headless", "true");
        System.setProperty("prism.order", "sw");
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("java.awt.headless", "true");
    }
}
