package io.taskrunner.protocol.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.taskrunner.protocol.codec.MessageCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpRouteTest {
    private static HttpRoute route(String method, String path, List<RouteMapping> mappings) {
        return new HttpRoute("scale", null, method, path, "weigh", mappings, null, false, 0, null);
    }

    @Test
    void readsFromJson_withDefaults() {
        HttpRoute route = new MessageCodec().readValue("""
                {"name": "scale", "method": "post", "path": "/api/custom/scale/{line}", "task": "weigh",
                 "parameters": [{"parameter": "line", "from": "path"}, {"parameter": "kg", "from": "json"},
                                {"parameter": "batch"}], "public": true}
                """.getBytes(StandardCharsets.UTF_8), HttpRoute.class, "route");

        assertThat(route.method()).isEqualTo("POST");
        assertThat(route.isPublic()).isTrue();
        assertThat(route.waitSeconds()).isEqualTo(HttpRoute.DEFAULT_WAIT_SECONDS);
        assertThat(route.parameters()).extracting(RouteMapping::from)
                .containsExactly(RouteSource.PATH, RouteSource.JSON, RouteSource.QUERY);
        assertThat(route.parameters().get(1).pointer()).isEqualTo("/kg");
        assertThat(route.parameters().get(2).name()).isEqualTo("batch");
        assertThat(route.variables()).containsExactly("line");
    }

    @Test
    void match_bindsVariables_andRefusesOtherShapes() {
        HttpRoute route = route("GET", "/api/custom/scale/{line}/weight", List.of());

        assertThat(route.match(List.of("api", "custom", "scale", "L 1", "weight"))).isEqualTo(Map.of("line", "L 1"));
        assertThat(route.match(List.of("api", "custom", "scale", "", "weight"))).isNull();
        assertThat(route.match(List.of("api", "custom", "scale", "1"))).isNull();
        assertThat(route.match(List.of("api", "custom", "other", "1", "weight"))).isNull();
        assertThat(route.literalSegments()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/tasks", "/api/custom/", "/api/custom/../v1/tasks", "/api/custom/a/../b",
            "/api/custom/a//b", "/api/custom/a/", "/api/custom/a b", "/api/custom/a%2Fb", "/api/custom/{x}/{x}",
            "/api/custom/{1x}", "/api/custom/a?b=1", "api/custom/a", "/api/custom/."})
    void refusesPathsOutsideTheCustomTreeOrWithTraversal(String path) {
        assertThatThrownBy(() -> route("GET", path, List.of())).hasMessageStartingWith("path");
    }

    @Test
    void refusesBadMethodsMappingsAndActions() {
        assertThatThrownBy(() -> route("TRACE", "/api/custom/a", List.of())).hasMessageContaining("method");
        assertThatThrownBy(() -> route("GET", "/api/custom/a", List.of(RouteMapping.of("kg", RouteSource.JSON))))
                .hasMessageContaining("parameters[0].from").hasMessageContaining("no body");
        assertThatThrownBy(() -> route("GET", "/api/custom/a", List.of(RouteMapping.of("line", RouteSource.PATH))))
                .hasMessageContaining("no variable {line}");
        assertThatThrownBy(() -> route("GET", "/api/custom/a", List.of(RouteMapping.of("a", null),
                RouteMapping.of("a", RouteSource.QUERY)))).hasMessageContaining("mapped twice");
        assertThatThrownBy(() -> new RouteMapping("a", RouteSource.QUERY, null, "/a"))
                .hasMessageContaining("pointer");
        assertThatThrownBy(() -> new HttpRoute("r", null, "POST", "/api/custom/a", null, List.of(), null, false, 0,
                null)).hasMessageContaining("neither");
        StoreAction store = new StoreAction("plant", "readings", Map.of("kg", "weight"));
        assertThatThrownBy(() -> new HttpRoute("r", null, "POST", "/api/custom/a", null,
                List.of(RouteMapping.of("kg", RouteSource.JSON)), store, false, 0, null))
                .hasMessageContaining("store.columns.kg");
        assertThatThrownBy(() -> new HttpRoute("r", null, "POST", "/api/custom/a", "t", List.of(), null, false,
                HttpRoute.MAX_WAIT_SECONDS + 1, null)).hasMessageContaining("waitSeconds");
    }

    @Test
    void definitionSet_mergesRoutesByName_andLeavesThemOutOfItsJsonWhenThereAreNone() throws Exception {
        HttpRoute scale = route("GET", "/api/custom/scale", List.of());
        HttpRoute newScale = route("POST", "/api/custom/scale", List.of());
        DefinitionSet base = new DefinitionSet(null, null, null, null, List.of(scale));

        DefinitionSet merged = base.overriddenBy(new DefinitionSet(null, null, null, null, List.of(newScale)));

        assertThat(merged.routes()).containsExactly(newScale);
        assertThat(merged.route("scale")).contains(newScale);
        assertThat(new MessageCodec().mapper().writeValueAsString(DefinitionSet.EMPTY)).doesNotContain("routes");
        assertThatThrownBy(() -> new DefinitionSet(null, null, null, null, List.of(scale, newScale)))
                .hasMessageContaining("routes[1].name");
    }
}
