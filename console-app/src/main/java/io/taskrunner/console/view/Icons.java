package io.taskrunner.console.view;

import javafx.scene.layout.Region;

/** Vector icons drawn by the stylesheet ({@code -fx-shape}), so they take the text colour of where they sit. */
final class Icons {
    static final String LOGO = "icon-logo";
    static final String FLEET = "icon-fleet";
    static final String RUNS = "icon-runs";
    static final String JOBS = "icon-jobs";
    static final String SETTINGS = "icon-settings";
    static final String SEARCH = "icon-search";
    static final String TERMINAL = "icon-terminal";
    static final String PLAY = "icon-play";
    static final String STOP = "icon-stop";
    static final String COPY = "icon-copy";
    static final String WARNING = "icon-warning";
    static final String FIELD = "icon-field";
    static final String ADD = "icon-add";
    static final String DELETE = "icon-delete";
    static final String SAVE = "icon-save";

    private Icons() {
    }

    static Region icon(String name) {
        Region icon = new Region();
        icon.getStyleClass().addAll("icon", name);
        return icon;
    }
}
