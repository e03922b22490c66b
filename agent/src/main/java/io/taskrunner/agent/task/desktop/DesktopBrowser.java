package io.taskrunner.agent.task.desktop;

import java.net.URI;

/** Opens a URL in the browser of the desktop session the agent runs in. */
public interface DesktopBrowser {

    /**
     * Opens {@code uri} (http or https) and returns once the opener was started.
     *
     * @throws NoDesktopException                     if this machine has no desktop session or no way to open a URL
     * @throws io.taskrunner.agent.task.TaskException if the opener could not be started or reported a failure
     */
    void open(URI uri);
}
