package io.rsrch.windmill;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks every Windmill route rsrch calls against the route table of Windmill's generated client
 * ({@code windmill-client@1.818.0}, installed under {@code windmill/node_modules} by {@code make
 * test}): the path must exist, with the same method, and every query parameter must be defined.
 */
class WindmillContractTest {

    private static final Path SERVICES =
            Path.of("windmill/node_modules/windmill-client/dist/services.gen.mjs");
    private static final Pattern REQUEST =
            Pattern.compile(
                    "method: \"([A-Z]+)\",\\s*url: \"([^\"]+)\"(.*?)\\n\\t\\t\\}\\);",
                    Pattern.DOTALL);
    private static final Pattern QUERY_BLOCK =
            Pattern.compile("query: \\{(.*?)\\}", Pattern.DOTALL);
    private static final Pattern QUERY_KEY = Pattern.compile("([a-z_]+): data\\.");

    /** Method and query parameters of each route, keyed by path template. */
    private static final Map<String, Map<String, Set<String>>> routes = new HashMap<>();

    @BeforeAll
    static void readRouteTable() throws IOException {
        String source = Files.readString(SERVICES);
        Matcher request = REQUEST.matcher(source);
        while (request.find()) {
            Set<String> query = new HashSet<>();
            Matcher block = QUERY_BLOCK.matcher(request.group(3));
            if (block.find()) {
                Matcher key = QUERY_KEY.matcher(block.group(1));
                while (key.find()) {
                    query.add(key.group(1));
                }
            }
            routes.computeIfAbsent(request.group(2), path -> new HashMap<>())
                    .put(request.group(1), query);
        }
        assertThat(routes).as("routes read from " + SERVICES).hasSizeGreaterThan(100);
    }

    @ParameterizedTest
    @EnumSource(WindmillRoute.class)
    void everyRouteRsrchCallsExistsInWindmillsClientWithItsMethodAndQuery(WindmillRoute route) {
        Map<String, Set<String>> methods = routes.get(route.template());

        assertThat(methods).as("Windmill defines " + route.template()).isNotNull();
        assertThat(methods).as(route + " method").containsKey(route.method());
        assertThat(methods.get(route.method())).containsAll(route.query());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/w/{workspace}/variables/get_value/{path}"})
    void theRoutesTheWorkerReachesThroughWindmillsClientExist(String template) {
        assertThat(routes.get(template)).containsKey("GET");
    }
}
