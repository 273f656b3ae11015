package io.rsrch.deploy;

import static io.rsrch.deploy.ManifestChecks.env;
import static io.rsrch.deploy.ManifestChecks.ofKind;
import static org.assertj.core.api.Assertions.assertThat;

import io.rsrch.operator.crd.BrowserPool;
import io.rsrch.operator.crd.CrdFiles;
import io.rsrch.operator.crd.ResearchJob;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Proves every example manifest in deploy/ parses and carries what a cluster needs. */
class DeployManifestsTest {

    private static final Path DEPLOY = CrdFiles.projectRoot().resolve("deploy");

    @Test
    void everyFileInDeployParses() throws IOException {
        // given
        List<Path> files = files();

        // when
        List<HasMetadata> objects = new ArrayList<>();
        for (Path file : files) {
            objects.addAll(load(file));
        }

        // then
        assertThat(files.stream().map(file -> file.getFileName().toString()))
                .contains(
                        "research-job.yaml",
                        "browser-pool.yaml",
                        "operator.yaml",
                        "falkordb.yaml",
                        "api.yaml");
        assertThat(objects).allSatisfy(object -> assertThat(object.getKind()).isNotBlank());
    }

    @Test
    void operatorFileHoldsNamespaceAccountRbacAndTwoReplicas() throws IOException {
        // given
        List<HasMetadata> objects = load(DEPLOY.resolve("operator.yaml"));

        // when
        Deployment deployment = ofKind(objects, Deployment.class).get(0);
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);

        // then
        assertThat(ofKind(objects, Namespace.class))
                .singleElement()
                .satisfies(ns -> assertThat(ns.getMetadata().getName()).isEqualTo("rsrch"));
        assertThat(ofKind(objects, ServiceAccount.class)).hasSize(1);
        ClusterRoleBinding binding = ofKind(objects, ClusterRoleBinding.class).get(0);
        assertThat(binding.getRoleRef().getName())
                .isEqualTo(ofKind(objects, ClusterRole.class).get(0).getMetadata().getName());
        assertThat(binding.getSubjects().get(0).getName())
                .isEqualTo(deployment.getSpec().getTemplate().getSpec().getServiceAccountName());
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(container.getArgs()).containsExactly("operator");
        assertThat(env(container, "RSRCH_FALKORDB_URL").getValue()).startsWith("redis://");
        assertThat(
                        env(container, "RSRCH_INTERNAL_TOKEN")
                                .getValueFrom()
                                .getSecretKeyRef()
                                .getName())
                .isEqualTo("rsrch-internal-token");
        assertThat(container.getPorts())
                .anySatisfy(p -> assertThat(p.getContainerPort()).isEqualTo(8080));
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/livez");
    }

    @Test
    void clusterRoleGrantsExactlyWhatTheOperatorUses() throws IOException {
        // given
        List<HasMetadata> objects = load(DEPLOY.resolve("operator.yaml"));

        // when
        ClusterRole role = ofKind(objects, ClusterRole.class).get(0);

        // then
        assertThat(ManifestChecks.flatten(role))
                .containsExactlyElementsOf(ManifestChecks.OPERATOR_PERMISSIONS);
        assertThat(ManifestChecks.flatten(role)).noneMatch(entry -> entry.contains("secrets"));
    }

    @Test
    void apiFileRunsClusterModeWithARoleLimitedToResearchJobs() throws IOException {
        // given
        List<HasMetadata> objects = load(DEPLOY.resolve("api.yaml"));

        // when
        Role role = ofKind(objects, Role.class).get(0);
        Deployment deployment = ofKind(objects, Deployment.class).get(0);
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().get(0);

        // then
        assertThat(role.getRules()).hasSize(1);
        assertThat(role.getRules().get(0).getApiGroups()).containsExactly("rsrch.io");
        assertThat(role.getRules().get(0).getResources()).containsExactly("researchjobs");
        assertThat(role.getRules().get(0).getVerbs())
                .containsExactlyInAnyOrder("get", "create", "update", "patch");
        assertThat(container.getArgs()).containsExactly("api", "--kubernetes");
        assertThat(env(container, "RSRCH_INTERNAL_TOKEN").getValueFrom().getSecretKeyRef())
                .isNotNull();
        assertThat(ofKind(objects, Service.class).get(0).getSpec().getPorts().get(0).getPort())
                .isEqualTo(3001);
    }

    @Test
    void apiLivenessDoesNotDependOnFalkorDb() throws IOException {
        // given
        Container api = ManifestChecks.containers(load(DEPLOY.resolve("api.yaml"))).get(0);

        // when / then
        assertThat(api.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health");
        assertThat(api.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/livez");
    }

    @Test
    void noManifestCarriesASecretValue() throws IOException {
        // given
        List<HasMetadata> objects = new ArrayList<>();
        for (Path file : files()) {
            objects.addAll(load(file));
        }

        // when / then
        ManifestChecks.assertNoSecretValues(objects);
        for (Path file : files()) {
            assertThat(Files.readString(file)).doesNotContainIgnoringCase("stringData");
        }
    }

    @Test
    void falkorDbKeepsAnAppendOnlyFileOnAClaim() throws IOException {
        // given
        List<HasMetadata> objects = load(DEPLOY.resolve("falkordb.yaml"));

        // when
        StatefulSet falkordb = ofKind(objects, StatefulSet.class).get(0);
        Container container = falkordb.getSpec().getTemplate().getSpec().getContainers().get(0);

        // then
        assertThat(container.getImage()).startsWith("falkordb/falkordb:").doesNotEndWith(":latest");
        assertThat(String.join(" ", container.getArgs())).contains("--appendonly yes");
        assertThat(falkordb.getSpec().getVolumeClaimTemplates()).hasSize(1);
        String claim = falkordb.getSpec().getVolumeClaimTemplates().get(0).getMetadata().getName();
        assertThat(container.getVolumeMounts())
                .anySatisfy(m -> assertThat(m.getName()).isEqualTo(claim));
        assertThat(objects).anySatisfy(o -> assertThat(o.getKind()).isEqualTo("Service"));
    }

    @Test
    void exampleResourcesParseIntoTheModel() throws IOException {
        // given
        ResearchJob job = parse(DEPLOY.resolve("research-job.yaml"), ResearchJob.class);
        BrowserPool pool = parse(DEPLOY.resolve("browser-pool.yaml"), BrowserPool.class);

        // when / then
        assertThat(job.getSpec().getType()).isEqualTo("deep-research");
        assertThat(job.getSpec().getQuery()).isNotBlank();
        assertThat(job.getSpec().getPoolRef()).isEqualTo(pool.getMetadata().getName());
        assertThat(pool.getSpec().getImage()).isNotBlank();
        assertThat(pool.getSpec().getInternalTokenSecretRef()).isEqualTo("rsrch-internal-token");
        assertThat(Files.readString(DEPLOY.resolve("browser-pool.yaml")))
                .contains("--from-literal=token=$(openssl rand -hex 24)");
    }

    private static List<Path> files() throws IOException {
        try (Stream<Path> listing = Files.list(DEPLOY)) {
            return listing.filter(path -> path.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    static List<HasMetadata> load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return asList(Serialization.unmarshal(in));
        }
    }

    @SuppressWarnings("unchecked")
    static List<HasMetadata> asList(Object parsed) {
        if (parsed instanceof List<?> list) {
            return (List<HasMetadata>) list;
        }
        if (parsed instanceof KubernetesResourceList<?> list) {
            return new ArrayList<>((List<HasMetadata>) list.getItems());
        }
        if (parsed instanceof HasMetadata one) {
            return List.of(one);
        }
        throw new AssertionError("not Kubernetes objects: " + parsed);
    }

    private static <T extends KubernetesResource> T parse(Path file, Class<T> type)
            throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return Serialization.unmarshal(in, type);
        }
    }
}
