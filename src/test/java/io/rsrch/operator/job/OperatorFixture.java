package io.rsrch.operator.job;

import io.rsrch.job.RetryBackoff;
import io.rsrch.operator.OperatorSettings;
import io.rsrch.operator.crd.ResearchJob;
import io.rsrch.operator.crd.ResearchJobSpec;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectRulesReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Shared set-up for operator tests: CRDs in the mock API server, settings, resources. */
final class OperatorFixture {

    static final String TOKEN = "operator-test-token-0123456789";
    static final String NAMESPACE = "research";

    private OperatorFixture() {}

    static void installCrds(KubernetesClient client) throws IOException {
        for (String file :
                new String[] {"researchjobs.rsrch.io-v1.yml", "browserpools.rsrch.io-v1.yml"}) {
            try (InputStream in = Files.newInputStream(Path.of("crds", file))) {
                CustomResourceDefinition crd = Serialization.unmarshal(in);
                client.apiextensions()
                        .v1()
                        .customResourceDefinitions()
                        .resource(crd)
                        .createOr(existing -> existing.update());
            }
        }
    }

    /**
     * Answers the access review JOSDK makes before leader election; the CRUD mock cannot, and a
     * real API server answers it from RBAC (deploy/operator.yaml grants exactly these verbs).
     */
    static void allowLeases(KubernetesMockServer server) {
        SelfSubjectRulesReview review =
                new SelfSubjectRulesReviewBuilder()
                        .withNewStatus()
                        .addNewResourceRule()
                        .withApiGroups("coordination.k8s.io")
                        .withResources("leases")
                        .withVerbs("get", "create", "update")
                        .endResourceRule()
                        .withIncomplete(false)
                        .endStatus()
                        .build();
        server.expect()
                .post()
                .withPath("/apis/authorization.k8s.io/v1/selfsubjectrulesreviews")
                .andReturn(201, review)
                .always();
    }

    static OperatorSettings settings(String falkordbUrl, int capabilityPort, int workers) {
        return settings(falkordbUrl, capabilityPort, workers, false, "only");
    }

    static OperatorSettings settings(
            String falkordbUrl,
            int capabilityPort,
            int workers,
            boolean leaderElection,
            String identity) {
        return new OperatorSettings(
                falkordbUrl,
                "rsrch",
                "http://127.0.0.1:" + capabilityPort,
                TOKEN,
                NAMESPACE,
                workers,
                Duration.ofSeconds(3),
                Duration.ofSeconds(60),
                new RetryBackoff(Duration.ofMillis(200), Duration.ofSeconds(1)),
                Duration.ofMillis(300),
                0,
                leaderElection,
                NAMESPACE,
                identity,
                false,
                false,
                null);
    }

    static ResearchJob researchJob(String name, String query) {
        ResearchJobSpec spec = new ResearchJobSpec();
        spec.setType("deep-research");
        spec.setQuery(query);
        ResearchJob job = new ResearchJob();
        job.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE).build());
        job.setSpec(spec);
        return job;
    }
}
