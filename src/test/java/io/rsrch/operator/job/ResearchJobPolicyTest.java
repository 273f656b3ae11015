package io.rsrch.operator.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rsrch.capability.CapabilityConfig;
import io.rsrch.capability.CapabilityServer;
import io.rsrch.job.FailureReason;
import io.rsrch.job.JobStatus;
import io.rsrch.operator.OperatorMode;
import io.rsrch.operator.crd.ResearchJob;
import io.rsrch.operator.crd.ResearchJobCondition;
import io.rsrch.testing.FalkorDbServer;
import io.rsrch.testing.Http;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

/** Deadlines, suspension and TTL of ResearchJobs, as a batch Job user expects them. */
@EnableKubernetesMockClient(crud = true)
class ResearchJobPolicyTest {

    static KubernetesClient client;

    private static FalkorDbServer falkordb;
    private static CapabilityServer capability;
    private static OperatorMode operator;
    private static Http tabs;

    @BeforeAll
    static void start() throws Exception {
        OperatorFixture.installCrds(client);
        falkordb = FalkorDbServer.start();
        capability =
                CapabilityServer.start(
                        CapabilityConfig.defaults(OperatorFixture.TOKEN, "sandbox")
                                .withPort(0)
                                .withTabs(2));
        operator =
                OperatorMode.start(
                        OperatorFixture.settings(falkordb.url(), capability.port(), 2), client);
        tabs = new Http("http://127.0.0.1:" + capability.port()).withBearer(OperatorFixture.TOKEN);
    }

    @AfterAll
    static void stop() {
        operator.close();
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

    private static boolean tabFreedOf(String name) {
        return !tabs.get("/internal/tabs").body().toString().contains(name);
    }

    @Test
    void aJobPastItsActiveDeadlineFailsWithDeadlineExceededAndFreesItsTab() {
        ResearchJob job = OperatorFixture.researchJob("too-slow", "slow [sandbox delay=60s]");
        job.getSpec().setActiveDeadlineSeconds(4L);

        client.resource(job).create();

        await().atMost(Duration.ofSeconds(60)).until(() -> "Failed".equals(phase("too-slow")));
        ResearchJobCondition failed = current("too-slow").getStatus().getConditions().get(0);
        assertThat(failed.getReason()).isEqualTo(FailureReason.DEADLINE_EXCEEDED.wireName());
        assertThat(operator.store().find("too-slow").orElseThrow().status())
                .isEqualTo(JobStatus.FAILED);
        await().atMost(Duration.ofSeconds(20)).until(() -> tabFreedOf("too-slow"));
    }

    @Test
    void suspendingARunningJobCancelsItAndFreesItsTab() {
        client.resource(OperatorFixture.researchJob("suspend-me", "[sandbox delay=60s] pause"))
                .create();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> "Processing".equals(phase("suspend-me")));

        client.resources(ResearchJob.class)
                .inNamespace(OperatorFixture.NAMESPACE)
                .withName("suspend-me")
                .edit(
                        edited -> {
                            edited.getSpec().setSuspend(true);
                            return edited;
                        });

        await().atMost(Duration.ofSeconds(30)).until(() -> "Cancelled".equals(phase("suspend-me")));
        ResearchJobCondition suspended = current("suspend-me").getStatus().getConditions().get(0);
        assertThat(suspended.getType()).isEqualTo(ResearchJobCondition.SUSPENDED);
        assertThat(operator.store().find("suspend-me").orElseThrow().status())
                .isEqualTo(JobStatus.CANCELLED);
        await().atMost(Duration.ofSeconds(20)).until(() -> tabFreedOf("suspend-me"));
    }

    @Test
    void anEditedQueryIsReportedAndNeverApplied() {
        client.resource(OperatorFixture.researchJob("keep-spec", "[sandbox delay=3s] original"))
                .create();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> current("keep-spec").getStatus() != null);

        client.resources(ResearchJob.class)
                .inNamespace(OperatorFixture.NAMESPACE)
                .withName("keep-spec")
                .edit(
                        edited -> {
                            edited.getSpec().setQuery("something else entirely");
                            edited.getMetadata().setGeneration(2L);
                            return edited;
                        });

        await().atMost(Duration.ofSeconds(60)).until(() -> "Completed".equals(phase("keep-spec")));
        assertThat(operator.store().find("keep-spec").orElseThrow().query())
                .isEqualTo("[sandbox delay=3s] original");
        assertThat(operator.store().report("keep-spec").orElseThrow().markdown())
                .contains("original")
                .doesNotContain("something else entirely");
        await().atMost(Duration.ofSeconds(10))
                .until(
                        () ->
                                client
                                        .v1()
                                        .events()
                                        .inNamespace(OperatorFixture.NAMESPACE)
                                        .list()
                                        .getItems()
                                        .stream()
                                        .anyMatch(
                                                e ->
                                                        "keep-spec"
                                                                        .equals(
                                                                                e.getInvolvedObject()
                                                                                        .getName())
                                                                && "SpecChangeRefused"
                                                                        .equals(e.getReason())));
    }

    @Test
    void aFinishedJobIsDeletedAfterItsTtlWhileFalkorDbKeepsIt() {
        ResearchJob job = OperatorFixture.researchJob("short-lived", "brief question");
        job.getSpec().setTtlSecondsAfterFinished(2L);

        client.resource(job).create();

        await().atMost(Duration.ofSeconds(60))
                .until(() -> "Completed".equals(phase("short-lived")));
        await().atMost(Duration.ofSeconds(30)).until(() -> current("short-lived") == null);
        assertThat(operator.store().find("short-lived").orElseThrow().status())
                .isEqualTo(JobStatus.COMPLETED);
        assertThat(operator.store().report("short-lived")).isPresent();
    }
}
