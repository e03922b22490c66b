package io.taskrunner.agent.watchdog;

import io.taskrunner.i18n.Language;
import io.taskrunner.i18n.Messages;
import io.taskrunner.protocol.definition.watchdog.AlertTargets;

/** Alert texts in the language a rule's alert targets ask for (English when none). */
public final class AlertTexts {
    private AlertTexts() {
    }

    public static Messages of(AlertTargets targets) {
        String tag = targets.language();
        if (tag == null) {
            return Messages.of(Language.EN);
        }
        for (Language language : Language.values()) {
            if (language.tag().equalsIgnoreCase(tag)) {
                return Messages.of(language);
            }
        }
        return Messages.of(Language.EN);
    }

    public static String text(AlertTargets targets, String key, Object... args) {
        return of(targets).get(key, args);
    }
}
