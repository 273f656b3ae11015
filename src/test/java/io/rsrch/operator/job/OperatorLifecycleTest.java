package io.rsrch.operator.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rsrch.capability.CapabilityConfig;
import io.rsrch.capability.CapabilityServer;
import io.rsrch.job.Job;
import io.rsrch.job.JobStatus;
import io.rsrch.operator.OperatorMode;
import io.rsrch.operator.crd.ResearchJob;
import io.rsrch.testing.FalkorDbServer;
import io.rsrch.testing.Http;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

@EnableKubernetesMockClient(crud = true)
class OperatorLifecycleTest {

    static KubernetesClient client;
    static KubernetesMockServer server;

    private static FalkorDbServer falkordb;
    private static CapabilityServer capability;

    @BeforeAll
    static void start() throws Exception {
        OperatorFixture.installCrds(client);
        OperatorFixture.allowLeases(server);
        falkordb = FalkorDbServer.start();
        capability =
                CapabilityServer.start(
                        CapabilityConfig.defaults(OperatorFixture.TOKEN, "sandbox")
                                .withPort(0)
                                .withTabs(2));
    }

    @AfterAll
    static void stop() {
        capability.close();
        falkordb.close();
    }

    private static ResearchJob current(String name) {
        return client.resources(ResearchJob.class)
                .inNamespace(OperatorFixture.NAMESPACE)
                .withName(name)
                .get();
    }

    private static String phase(String name) {
        ResearchJob job = current(name);
        return job == null || job.getStatus() == null ? null : job.getStatus().getPhase();
    }

    private static List<Event> events(String name, String reason) {
        return client
                .v1()
                .events()
                .inNamespace(OperatorFixture.NAMESPACE)
                .list()
                .getItems()
                .stream()
                .filter(e -> name.equals(e.getInvolvedObject().getName()))
                .filter(e -> reason.equals(e.getReason()))
                .toList();
    }

    @Test
    void anOperatorRestartedMidJobResumesWithoutDispatchingAnAttemptTwice() {
        OperatorMode first =
                OperatorMode.start(
                        OperatorFixture.settings(falkordb.url(), capability.port(), 2), client);
        client.resource(OperatorFixture.researchJob("survivor", "long one [sandbox delay=5s]"))
                .create();
        await().atMost(Duration.ofSeconds(60)).until(() -> "Processing".equals(phase("survivor")));

        first.close();
        OperatorMode second =
                OperatorMode.start(
                        OperatorFixture.settings(falkordb.url(), capability.port(), 2), client);
        Job job;
        try {
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> "Completed".equals(phase("survivor")));
            job = second.store().find("survivor").orElseThrow();
        } finally {
            second.close();
        }

        assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
        List<String> dispatched =
                events("survivor", "Dispatched").stream().map(Event::getMessage).toList();
        assertThat(dispatched).doesNotHaveDuplicates();
        assertThat(dispatched).hasSize(job.attempt());
        assertThat(current("survivor").getStatus().getAttempt()).isEqualTo(job.attempt());
    }

    @Test
    void twoReplicasElectOneLeaderAndTheJobIsReconciledOnce() {
        OperatorMode one =
                OperatorMode.start(
                        OperatorFixture.settings(
                                falkordb.url(), capability.port(), 2, true, "replica-one"),
                        client);
        OperatorMode two =
                OperatorMode.start(
                        OperatorFixture.settings(
                                falkordb.url(), capability.port(), 2, true, "replica-two"),
                        client);
        try {
            client.resource(OperatorFixture.researchJob("elected", "who leads?")).create();

            await().atMost(Duration.ofSeconds(90))
                    .until(() -> "Completed".equals(phase("elected")));

            Lease lease =
                    client.leases()
                            .inNamespace(OperatorFixture.NAMESPACE)
                            .withName("rsrch-operator")
                            .get();
            assertThat(lease.getSpec().getHolderIdentity()).isIn("replica-one", "replica-two");
            assertThat(events("elected", "Queued")).hasSize(1);
            assertThat(events("elected", "Dispatched")).hasSize(1);
            assertThat(events("elected", "Completed")).hasSize(1);
        } finally {
            one.close();
            two.close();
        }
    }

    @Test
    void theOperatorServesHealthAndPrometheusMetrics() {
        OperatorMode operator =
                OperatorMode.start(
                        OperatorFixture.settings(falkordb.url(), capability.port(), 1), client);
        try {
            Http http = new Http("http://127.0.0.1:" + operator.httpPort());

            Http.Answer health = http.get("/health");
            Http.Answer alive = http.get("/livez");
            String metrics = rawMetrics(operator.httpPort());

            assertThat(health.status()).isEqualTo(200);
            assertThat(alive.status()).isEqualTo(200);
            assertThat(health.body().path("falkordb").path("reachable").asBoolean()).isTrue();
            assertThat(metrics).contains("# TYPE").contains("operator_sdk");
        } finally {
            operator.close();
        }
    }

    private static String rawMetrics(int port) {
        try {
            java.net.http.HttpResponse<String> response =
                    java.net.http.HttpClient.newHttpClient()
                            .send(
                                    java.net.http.HttpRequest.newBuilder(
                                                    java.net.URI.create(
                                                            "http://127.0.0.1:"
                                                                    + port
                                                                    + "/metrics"))
                                            .build(),
                                    java.net.http.HttpResponse.BodyHandlers.ofString());
            return response.body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
