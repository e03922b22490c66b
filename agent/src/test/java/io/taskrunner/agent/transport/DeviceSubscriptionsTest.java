package io.taskrunner.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Device topics subscribed once each; watchers told of every message; triggers given each message once. */
class DeviceSubscriptionsTest {
    private static final byte[] PAYLOAD = "12.5".getBytes(StandardCharsets.UTF_8);

    private final DeviceSubscriptions subscriptions = new DeviceSubscriptions();

    @Test
    void changes_subscribeNewFiltersOnce_andUnsubscribeOnlyWhatNobodyNeeds() {
        DeviceSubscriptions.Change first = subscriptions.setTriggers(Set.of("plant/+/scale", "plant/#"));
        Runnable watcher = () -> { };
        DeviceSubscriptions.Change watch = subscriptions.watch("plant/#", watcher);
        DeviceSubscriptions.Change triggersGone = subscriptions.setTriggers(Set.of());
        DeviceSubscriptions.Change unwatched = subscriptions.unwatch("plant/#", watcher);

        assertThat(first.subscribe()).containsExactlyInAnyOrder("plant/+/scale", "plant/#");
        assertThat(watch.subscribe()).as("already subscribed for a trigger").isEmpty();
        assertThat(triggersGone.unsubscribe()).as("the watcher still needs plant/#").containsExactly("plant/+/scale");
        assertThat(unwatched.unsubscribe()).containsExactly("plant/#");
        assertThat(subscriptions.all()).isEmpty();
    }

    @Test
    void deliver_passesOneOfTheCopiesOverlappingSubscriptionsBring_toTheTriggers() {
        subscriptions.setTriggers(Set.of("plant/+/scale", "plant/#"));

        boolean firstCopy = subscriptions.deliver("plant/hall3/scale", PAYLOAD, null);
        boolean secondCopy = subscriptions.deliver("plant/hall3/scale", PAYLOAD, null);
        boolean nextMessage = subscriptions.deliver("plant/hall3/scale", PAYLOAD, null);
        boolean otherTopic = subscriptions.deliver("plant/hall3/door", PAYLOAD, null);

        assertThat(firstCopy).isTrue();
        assertThat(secondCopy).as("the second subscription's copy").isFalse();
        assertThat(nextMessage).as("a new message, though equal").isTrue();
        assertThat(otherTopic).as("only plant/# matches: a single copy").isTrue();
    }

    @Test
    void deliver_tellsWatchers_butGivesTriggersOnlyWhatTheirFiltersMatch() {
        AtomicInteger heartbeats = new AtomicInteger();
        subscriptions.setTriggers(Set.of("plant/+/button"));
        subscriptions.watch("plant/+/heartbeat", heartbeats::incrementAndGet);

        assertThat(subscriptions.deliver("plant/line1/heartbeat", PAYLOAD, null)).isFalse();
        assertThat(subscriptions.deliver("plant/line1/button", PAYLOAD, null)).isTrue();
        assertThat(heartbeats).hasValue(1);
    }
}
