package io.taskrunner.agent.executor;

import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** Every case of {@link ProcessExecutorIT} again, with programs started by the JDK's {@link ProcessBuilder}. */
@EnabledOnOs({OS.LINUX, OS.MAC})
class JdkLaunchProcessExecutorIT extends ProcessExecutorIT {

    @Override
    boolean nativeLaunch() {
        return false;
    }
}
