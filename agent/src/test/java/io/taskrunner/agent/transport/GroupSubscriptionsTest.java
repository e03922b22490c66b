package io.taskrunner.agent.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

class GroupSubscriptionsTest {
    private final GroupSubscriptions subscriptions = new GroupSubscriptions();

    @Test
    void set_joinsNewGroups_andLeavesDroppedOnes() {
        assertThat(subscriptions.set(Set.of("line1", "line2"))).isEqualTo(
                new GroupSubscriptions.Change(Set.of("line1", "line2"), Set.of()));

        assertThat(subscriptions.set(Set.of("line2", "line3"))).isEqualTo(
                new GroupSubscriptions.Change(Set.of("line3"), Set.of("line1")));
        assertThat(subscriptions.set(Set.of("line2", "line3")).isEmpty()).isTrue();
    }

    @Test
    void aGroupLeft_isLeftAgainOnEveryConnect_untilTheBrokerConfirmed() {
        subscriptions.set(Set.of("line1", "line2"));
        subscriptions.set(Set.of("line2"));

        assertThat(subscriptions.onConnect()).isEqualTo(new GroupSubscriptions.Change(Set.of("line2"),
                Set.of("line1")));
        subscriptions.left("line1");
        assertThat(subscriptions.onConnect()).isEqualTo(new GroupSubscriptions.Change(Set.of("line2"), Set.of()));
    }

    @Test
    void rejoiningAGroupBeingLeft_stopsLeavingIt() {
        subscriptions.set(Set.of("line1"));
        subscriptions.set(Set.of());

        subscriptions.set(Set.of("line1"));

        assertThat(subscriptions.leaving()).isEmpty();
        assertThat(subscriptions.joined()).containsExactly("line1");
    }
}
