package io.rsrch.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.rsrch.api.ApiServer;
import io.rsrch.job.Job;
import io.rsrch.job.JobLifecycle;
import io.rsrch.job.JobStatus;
import io.rsrch.job.RetryBackoff;
import io.rsrch.operator.crd.ResearchJob;
import io.rsrch.store.FalkorJobStore;
import io.rsrch.store.Graph;
import io.rsrch.testing.FalkorDbServer;
import io.rsrch.testing.Http;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

@EnableKubernetesMockClient(crud = true)
class KubernetesJobControlTest {

    static KubernetesClient client;

    private static FalkorDbServer falkordb;
    private static FalkorJobStore store;
    private static ApiServer api;
    private static Http http;

    @BeforeAll
    static void start() throws Exception {
        try (InputStream in = Files.newInputStream(Path.of("crds/researchjobs.rsrch.io-v1.yml"))) {
            CustomResourceDefinition crd = Serialization.unmarshal(in);
            client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        }
        falkordb = FalkorDbServer.start();
        store = new FalkorJobStore(new Graph(new JedisPooled("127.0.0.1", falkordb.port()), "r"));
        store.prepare();
        JobLifecycle lifecycle =
                new JobLifecycle(
                        store, Clock.systemUTC(), Duration.ofSeconds(30), RetryBackoff.DEFAULT);
        api =
                ApiServer.start(
                        0, store, new KubernetesJobControl(client, "research", lifecycle), 3, null);
        http = new Http("http://127.0.0.1:" + api.port());
    }

    @AfterAll
    static void stop() {
        api.close();
        falkordb.close();
    }

    @Test
    void aRestSubmissionBecomesAResearchJobNamedByTheJobIdAndIsReadableAtOnce() {
        Http.Answer started =
                http.post(
                        "/deep-research/start",
                        Map.of("query", "cluster question", "gem", "g1", "sessionId", "s1"));

        String jobId = started.body().path("jobId").asText();
        ResearchJob resource =
                client.resources(ResearchJob.class).inNamespace("research").withName(jobId).get();
        Job stored = store.find(jobId).orElseThrow();
        assertThat(started.status()).isEqualTo(200);
        assertThat(resource).isNotNull();
        assertThat(resource.getSpec().getQuery()).isEqualTo("cluster question");
        assertThat(resource.getSpec().getGem()).isEqualTo("g1");
        assertThat(resource.getSpec().getSessionId()).isEqualTo("s1");
        assertThat(stored.owner().uid()).isEqualTo(resource.getMetadata().getUid());
        assertThat(http.get("/deep-research/status/" + jobId).body().path("status").asText())
                .isEqualTo("queued");
    }

    @Test
    void cancellingThroughTheApiSuspendsTheResearchJob() {
        String jobId =
                http.post("/deep-research/start", Map.of("query", "stop this"))
                        .body()
                        .path("jobId")
                        .asText();

        Http.Answer cancelled = http.post("/jobs/" + jobId + "/cancel", "{}");

        ResearchJob resource =
                client.resources(ResearchJob.class).inNamespace("research").withName(jobId).get();
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(resource.getSpec().getSuspend()).isTrue();
        assertThat(store.find(jobId).orElseThrow().status()).isEqualTo(JobStatus.CANCELLED);
    }

    @Test
    void aBadSubmissionCreatesNoResearchJob() {
        int before =
                client.resources(ResearchJob.class)
                        .inNamespace("research")
                        .list()
                        .getItems()
                        .size();

        Http.Answer answer = http.post("/deep-research/start", "{\"query\": \"\"}");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(client.resources(ResearchJob.class).inNamespace("research").list().getItems())
                .hasSize(before);
    }
}
