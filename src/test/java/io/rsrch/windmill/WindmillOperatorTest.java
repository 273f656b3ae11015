package io.rsrch.windmill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rsrch.job.Job;
import io.rsrch.job.JobStatus;
import io.rsrch.job.RetryBackoff;
import io.rsrch.operator.OperatorMode;
import io.rsrch.operator.OperatorSettings;
import io.rsrch.operator.crd.ResearchJob;
import io.rsrch.operator.crd.ResearchJobSpec;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

@EnableKubernetesMockClient(crud = true)
class WindmillOperatorTest {

    static KubernetesClient client;

    private static WindmillStack stack;
    private static OperatorMode operator;

    @BeforeAll
    static void start() throws Exception {
        try (InputStream in = Files.newInputStream(Path.of("crds/researchjobs.rsrch.io-v1.yml"))) {
            CustomResourceDefinition crd = Serialization.unmarshal(in);
            client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
        }
        stack = new WindmillStack(false);
        operator =
                OperatorMode.start(
                        new OperatorSettings(
                                stack.falkordb.url(),
                                "rsrch",
                                "http://127.0.0.1:" + stack.capability.port(),
                                WindmillStack.TOKEN,
                                "research",
                                1,
                                Duration.ofSeconds(6),
                                Duration.ofSeconds(60),
                                new RetryBackoff(Duration.ofMillis(200), Duration.ofSeconds(1)),
                                Duration.ofMillis(300),
                                0,
                                false,
                                "research",
                                "only",
                                false,
                                false,
                                stack.windmill.settings()),
                        client);
    }

    @AfterAll
    static void stop() {
        operator.close();
        stack.close();
    }

    @Test
    void aResearchJobRunsAsAWindmillJobAndReportsItsIdInStatus() {
        ResearchJobSpec spec = new ResearchJobSpec();
        spec.setType("deep-research");
        spec.setQuery("through windmill and kubernetes");
        ResearchJob resource = new ResearchJob();
        resource.setMetadata(
                new ObjectMetaBuilder().withName("via-windmill").withNamespace("research").build());
        resource.setSpec(spec);

        client.resource(resource).create();

        await().atMost(Duration.ofSeconds(90))
                .until(
                        () -> {
                            ResearchJob current =
                                    client.resources(ResearchJob.class)
                                            .inNamespace("research")
                                            .withName("via-windmill")
                                            .get();
                            return current.getStatus() != null
                                    && "Completed".equals(current.getStatus().getPhase());
                        });
        ResearchJob done =
                client.resources(ResearchJob.class)
                        .inNamespace("research")
                        .withName("via-windmill")
                        .get();
        Job job = stack.store.find("via-windmill").orElseThrow();
        assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
        assertThat(done.getStatus().getWindmillJobId())
                .isEqualTo(AttemptIds.windmillJobId("via-windmill", 1).toString());
        assertThat(stack.windmill.runs())
                .anyMatch(r -> r.args.path("jobId").asText().equals("via-windmill"));
        assertThat(stack.store.report("via-windmill").orElseThrow().markdown())
                .contains("through windmill and kubernetes");
    }
}
