package io.rsrch.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.rsrch.job.JobLifecycle;
import io.rsrch.job.RetryBackoff;
import io.rsrch.store.FalkorJobStore;
import io.rsrch.store.Graph;
import io.rsrch.testing.FalkorDbServer;
import io.rsrch.testing.Http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

class ApiServerWithoutFalkorDbTest {

    private FalkorDbServer falkordb;
    private ApiServer server;
    private Http api;

    @BeforeEach
    void start() throws Exception {
        falkordb = FalkorDbServer.start();
        FalkorJobStore store =
                new FalkorJobStore(new Graph(new JedisPooled("127.0.0.1", falkordb.port()), "r"));
        store.prepare();
        JobLifecycle lifecycle =
                new JobLifecycle(
                        store, Clock.systemUTC(), Duration.ofSeconds(30), RetryBackoff.DEFAULT);
        server = ApiServer.start(0, store, new StoreJobControl(lifecycle), 3, null);
        api = new Http("http://127.0.0.1:" + server.port());
    }

    @AfterEach
    void stop() {
        server.close();
        falkordb.close();
    }

    @Test
    void healthIs503AndSubmissionsAre503WhileFalkorDbIsDownButTheProcessStaysLive() {
        falkordb.kill();

        Http.Answer health = api.get("/health");
        Http.Answer alive = api.get("/livez");
        Http.Answer start = api.post("/deep-research/start", Map.of("query", "while down"));
        Http.Answer read = api.get("/jobs/some-job");

        assertThat(health.status()).isEqualTo(503);
        assertThat(health.body().path("status").asText()).isEqualTo("degraded");
        assertThat(health.body().path("falkordb").path("reachable").asBoolean()).isFalse();
        assertThat(start.status()).isEqualTo(503);
        assertThat(start.body().path("error").asText()).contains("nothing was changed");
        assertThat(read.status()).isEqualTo(503);
        assertThat(read.body().path("error").asText()).contains("cannot be read");
        assertThat(alive.status()).isEqualTo(200);
    }
}
