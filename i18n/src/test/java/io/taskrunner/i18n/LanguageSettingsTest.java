package io.taskrunner.i18n;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LanguageSettingsTest {

    private final LanguageSettings settings = new LanguageSettings(Language.EN);

    @Test
    void setLanguage_switchesMessagesAndNotifiesEverySubscriber() {
        List<Language> seen = new ArrayList<>();
        AtomicInteger runs = new AtomicInteger();
        settings.subscribe(seen::add);
        settings.subscribe(runs::incrementAndGet);

        settings.setLanguage(Language.ZH_TW);

        assertThat(settings.language()).isEqualTo(Language.ZH_TW);
        assertThat(settings.messages().get("nav.settings")).isEqualTo("設定");
        assertThat(seen).containsExactly(Language.ZH_TW);
        assertThat(runs).hasValue(1);
    }

    @Test
    void setLanguage_toTheCurrentLanguage_notifiesNobody() {
        AtomicInteger runs = new AtomicInteger();
        settings.subscribe(runs::incrementAndGet);

        settings.setLanguage(Language.EN);

        assertThat(runs).hasValue(0);
    }

    @Test
    void close_endsTheSubscription_andMayBeCalledTwice() {
        List<Language> seen = new ArrayList<>();
        LanguageSettings.Subscription subscription = settings.subscribe(seen::add);

        settings.setLanguage(Language.ZH_CN);
        subscription.close();
        subscription.close();
        settings.setLanguage(Language.ZH_TW);

        assertThat(seen).containsExactly(Language.ZH_CN);
    }

    @Test
    void subscribe_sameListenerTwice_givesIndependentSubscriptions() {
        AtomicInteger runs = new AtomicInteger();
        Runnable listener = runs::incrementAndGet;
        LanguageSettings.Subscription first = settings.subscribe(listener);
        settings.subscribe(listener);

        first.close();
        settings.setLanguage(Language.ZH_CN);

        assertThat(runs).hasValue(1);
    }

    @Test
    void setLanguage_whenAListenerThrows_stillNotifiesTheOthersAndRethrows() {
        List<Language> seen = new ArrayList<>();
        settings.subscribe(language -> {
            throw new IllegalStateException("first");
        });
        settings.subscribe(seen::add);

        assertThatIllegalStateException().isThrownBy(() -> settings.setLanguage(Language.ZH_CN)).withMessage("first");
        assertThat(seen).containsExactly(Language.ZH_CN);
        assertThat(settings.language()).isEqualTo(Language.ZH_CN);
    }

    @Test
    void listener_mayUnsubscribeItselfWhileBeingNotified() {
        AtomicInteger runs = new AtomicInteger();
        LanguageSettings.Subscription[] self = new LanguageSettings.Subscription[1];
        self[0] = settings.subscribe(() -> {
            runs.incrementAndGet();
            self[0].close();
        });

        settings.setLanguage(Language.ZH_CN);
        settings.setLanguage(Language.ZH_TW);

        assertThat(runs).hasValue(1);
    }

    @Test
    void setLanguage_fromManyThreads_notifiesEveryChangeOneAtATime() throws Exception {
        AtomicInteger inListener = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        List<Language> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        settings.subscribe(language -> {
            if (inListener.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            seen.add(language);
            inListener.decrementAndGet();
        });
        CountDownLatch start = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Language target = Language.values()[i % Language.values().length];
                done.add(threads.submit(() -> {
                    start.await();
                    for (int j = 0; j < 500; j++) {
                        settings.setLanguage(target);
                        settings.setLanguage(Language.EN);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get();
            }
        }

        assertThat(overlaps).hasValue(0);
        assertThat(seen).isNotEmpty();
        assertThat(seen.getLast()).isEqualTo(settings.language());
    }

    @Test
    void nulls_areRejectedWithTheParameterName() {
        assertThatNullPointerException().isThrownBy(() -> new LanguageSettings(null)).withMessage("initial");
        assertThatNullPointerException().isThrownBy(() -> settings.setLanguage(null)).withMessage("newLanguage");
        assertThatNullPointerException()
                .isThrownBy(() -> settings.subscribe((Runnable) null)).withMessage("listener");
    }
}
