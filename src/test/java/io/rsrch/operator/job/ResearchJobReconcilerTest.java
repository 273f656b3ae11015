package io.rsrch.operator.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rsrch.capability.CapabilityConfig;
import io.rsrch.capability.CapabilityServer;
import io.rsrch.job.FailureReason;
import io.rsrch.job.Job;
import io.rsrch.job.JobStatus;
import io.rsrch.operator.OperatorMode;
import io.rsrch.operator.crd.ResearchJob;
import io.rsrch.operator.crd.ResearchJobCondition;
import io.rsrch.testing.FalkorDbServer;
import io.rsrch.testing.Http;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

@EnableKubernetesMockClient(crud = true)
class ResearchJobReconcilerTest {

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
                        OperatorFixture.settings(falkordb.url(), capability.port(), 4), client);
        tabs = new Http("http://127.0.0.1:" + capability.port()).withBearer(OperatorFixture.TOKEN);
    }

    @AfterAll
    static void stop() {
        operator.close();
        capability.close();
        falkordb.close();
    }

    private static ResearchJob apply(ResearchJob job) {
        return client.resource(job).create();
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

    private static List<String> eventReasons(String name) {
        List<Event> events =
                new ArrayList<>(
                        client.v1()
                                .events()
                                .inNamespace(OperatorFixture.NAMESPACE)
                                .list()
                                .getItems());
        events.removeIf(e -> !name.equals(e.getInvolvedObject().getName()));
        events.sort(
                Comparator.comparing(Event::getFirstTimestamp)
                        .thenComparing(
                                e ->
                                        e.getMetadata().getCreationTimestamp() == null
                                                ? ""
                                                : e.getMetadata().getCreationTimestamp()));
        return events.stream().map(Event::getReason).toList();
    }

    @Test
    void aResearchJobCompletesWithItsReportInFalkorDbAndASummaryInStatus() {
        ResearchJob created = apply(OperatorFixture.researchJob("first-job", "what is a lease?"));

        await().atMost(Duration.ofSeconds(90)).until(() -> "Completed".equals(phase("first-job")));

        ResearchJob done = current("first-job");
        Job job = operator.store().find("first-job").orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(job.owner().uid()).isEqualTo(created.getMetadata().getUid());
        assertThat(operator.store().report("first-job").orElseThrow().markdown())
                .contains("what is a lease?");
        assertThat(done.getStatus().getAttempt()).isEqualTo(1);
        assertThat(done.getStatus().getReportTitle()).isEqualTo(job.reportTitle());
        assertThat(done.getStatus().getSourceCount()).isEqualTo(job.sourceCount());
        assertThat(done.getStatus().getStartTime()).isNotBlank();
        assertThat(done.getStatus().getCompletionTime()).isNotBlank();
        assertThat(done.getStatus().getObservedGeneration())
                .isEqualTo(done.getMetadata().getGeneration());
        assertThat(done.getStatus().getConditions())
                .extracting(ResearchJobCondition::getType)
                .containsExactly(ResearchJobCondition.COMPLETE);
        assertThat(done.getMetadata().getFinalizers()).isNotEmpty();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(
                        () ->
                                assertThat(eventReasons("first-job"))
                                        .containsExactly(
                                                "Queued", "Dispatched", "Processing", "Completed"));
    }

    @Test
    void anInvalidSpecEndsFailedWithInvalidSpecAndAnEvent() {
        ResearchJob invalid = OperatorFixture.researchJob("no-query", "");

        apply(invalid);

        await().atMost(Duration.ofSeconds(30)).until(() -> "Failed".equals(phase("no-query")));
        ResearchJobCondition failed = current("no-query").getStatus().getConditions().get(0);
        assertThat(failed.getReason()).isEqualTo("InvalidSpec");
        assertThat(failed.getMessage()).contains("spec.query");
        assertThat(operator.store().find("no-query")).isEmpty();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(eventReasons("no-query")).contains("InvalidSpec"));
    }

    @Test
    void aSignInPageEndsFailedWithAuthRequired() {
        apply(OperatorFixture.researchJob("needs-login", "secret question [sandbox signin]"));

        await().atMost(Duration.ofSeconds(60)).until(() -> "Failed".equals(phase("needs-login")));

        ResearchJobCondition failed = current("needs-login").getStatus().getConditions().get(0);
        assertThat(failed.getType()).isEqualTo(ResearchJobCondition.FAILED);
        assertThat(failed.getReason()).isEqualTo(FailureReason.AUTH_REQUIRED.wireName());
        assertThat(operator.store().find("needs-login").orElseThrow().attempt()).isEqualTo(1);
    }

    @Test
    void deletingAProcessingJobCancelsItFreesTheTabAndRemovesTheFinalizer() {
        apply(OperatorFixture.researchJob("delete-me", "slow one [sandbox delay=30s]"));
        await().atMost(Duration.ofSeconds(60)).until(() -> "Processing".equals(phase("delete-me")));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> tabs.get("/internal/tabs").body().toString().contains("delete-me"));

        client.resource(current("delete-me")).delete();

        await().atMost(Duration.ofSeconds(30)).until(() -> current("delete-me") == null);
        assertThat(operator.store().find("delete-me").orElseThrow().status())
                .isEqualTo(JobStatus.CANCELLED);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> !tabs.get("/internal/tabs").body().toString().contains("delete-me"));
    }

    @Test
    void twentyJobsAppliedAtOnceAllFinishWithinThePoolsTabs() {
        AtomicInteger maxBusy = new AtomicInteger();
        ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor();
        watcher.scheduleAtFixedRate(
                () ->
                        maxBusy.accumulateAndGet(
                                tabs.get("/internal/tabs").body().path("busy").asInt(), Math::max),
                0,
                25,
                TimeUnit.MILLISECONDS);
        List<String> names = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                String name = "bulk-" + i;
                names.add(name);
                apply(OperatorFixture.researchJob(name, "bulk question " + i + " end"));
            }

            await().atMost(Duration.ofMinutes(3))
                    .until(() -> names.stream().allMatch(n -> "Completed".equals(phase(n))));
        } finally {
            watcher.shutdownNow();
        }

        assertThat(maxBusy.get()).isBetween(1, 2);
        for (int i = 0; i < 20; i++) {
            assertThat(operator.store().report("bulk-" + i).orElseThrow().markdown())
                    .contains("bulk question " + i + " end");
        }
    }
}
