package io.rsrch.operator.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rsrch.operator.crd.BrowserPool;
import io.rsrch.operator.crd.BrowserPoolSpec;
import io.rsrch.operator.crd.CrdFiles;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.javaoperatorsdk.operator.Operator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Drives the real JOSDK operator with the BrowserPool reconciler against fabric8's mock server. */
@EnableKubernetesMockClient(crud = true)
class BrowserPoolReconcilerTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Map<String, Integer> BUSY = new ConcurrentHashMap<>();

    static KubernetesClient client;
    private static Operator operator;

    @BeforeAll
    static void startOperator() {
        for (String name : CrdFiles.NAMES) {
            client.apiextensions()
                    .v1()
                    .customResourceDefinitions()
                    .load(CrdFiles.projectRoot().resolve("crds").resolve(name).toFile())
                    .create();
        }
        operator =
                new Operator(
                        overrider ->
                                overrider
                                        .withKubernetesClient(client)
                                        .withCloseClientOnStop(false)
                                        .withUseSSAToPatchPrimaryResource(false)
                                        .withSSABasedCreateUpdateMatchForDependentResources(false));
        operator.register(
                new BrowserPoolReconciler(
                        ApplyMode.UPDATE,
                        pool -> BUSY.getOrDefault(pool.getMetadata().getName(), 0),
                        Duration.ofMillis(500)));
        operator.start();
    }

    @AfterAll
    static void stopOperator() {
        operator.stop();
    }

    @Test
    void poolBecomesAStatefulSetOfCapabilityPodsOwnedByThePool() {
        // given
        BrowserPool pool = pool("gemini-main", 2, 3);
        pool.getSpec().setProfileSecretRef("gemini-profile");
        pool.getSpec().setInternalTokenSecretRef("pool-token");
        pool.getSpec().setAllowedHosts(List.of("example.org", "docs.example.org"));
        pool.getSpec()
                .setResources(
                        new ResourceRequirementsBuilder()
                                .addToRequests("memory", new Quantity("1Gi"))
                                .addToLimits("memory", new Quantity("2Gi"))
                                .build());

        // when
        BrowserPool created = client.resource(pool).create();

        // then
        StatefulSet statefulSet = awaitStatefulSet("rsrch-pool-gemini-main");
        assertThat(statefulSet.getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/name", "rsrch-capability")
                .containsEntry("rsrch.io/pool", "gemini-main");
        assertOwnedBy(statefulSet.getMetadata().getOwnerReferences(), created);
        assertThat(statefulSet.getSpec().getReplicas()).isEqualTo(2);
        assertThat(statefulSet.getSpec().getSelector().getMatchLabels())
                .containsEntry("rsrch.io/pool", "gemini-main");
        assertThat(statefulSet.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry("app.kubernetes.io/name", "rsrch-capability")
                .containsEntry("rsrch.io/pool", "gemini-main");

        Container container = onlyContainer(statefulSet);
        assertThat(container.getImage()).isEqualTo("registry.example/rsrch:test");
        assertThat(container.getArgs()).containsExactly("capability");
        assertThat(literal(container, "RSRCH_TABS")).contains("3");
        assertThat(literal(container, "RSRCH_SITE")).contains("sandbox");
        assertThat(literal(container, "RSRCH_ALLOWED_HOSTS"))
                .contains("example.org,docs.example.org");
        assertThat(literal(container, "RSRCH_STORAGE_STATE"))
                .contains("/var/run/rsrch/profile/storage-state.json");
        assertThat(env(container, "RSRCH_POD_NAME").getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("metadata.name");
        EnvVar token = env(container, "RSRCH_INTERNAL_TOKEN");
        assertThat(token.getValue()).isNull();
        assertThat(token.getValueFrom().getSecretKeyRef().getName()).isEqualTo("pool-token");
        assertThat(token.getValueFrom().getSecretKeyRef().getKey()).isEqualTo("token");

        assertThat(container.getPorts())
                .singleElement()
                .satisfies(
                        port -> {
                            assertThat(port.getName()).isEqualTo("http");
                            assertThat(port.getContainerPort()).isEqualTo(3002);
                        });
        assertThat(container.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health");
        assertThat(container.getReadinessProbe().getHttpGet().getPort().getStrVal())
                .isEqualTo("http");
        assertThat(container.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health");
        assertThat(container.getLivenessProbe().getHttpGet().getPort().getStrVal())
                .isEqualTo("http");
        assertThat(container.getResources().getLimits())
                .containsEntry("memory", new Quantity("2Gi"));
        assertThat(container.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(
                        statefulSet
                                .getSpec()
                                .getTemplate()
                                .getSpec()
                                .getSecurityContext()
                                .getRunAsNonRoot())
                .isTrue();

        assertThat(mountPath(container, "/dev/shm")).isPresent();
        assertThat(
                        volume(statefulSet, mountPath(container, "/dev/shm").orElseThrow())
                                .getEmptyDir()
                                .getMedium())
                .isEqualTo("Memory");
        String profile = mountPath(container, "/var/run/rsrch/profile").orElseThrow();
        assertThat(container.getVolumeMounts())
                .filteredOn(mount -> mount.getName().equals(profile))
                .singleElement()
                .satisfies(mount -> assertThat(mount.getReadOnly()).isTrue());
        assertThat(volume(statefulSet, profile).getSecret().getSecretName())
                .isEqualTo("gemini-profile");
    }

    @Test
    void poolGetsAClusterIpServiceOnTheCapabilityPort() {
        // given
        BrowserPool pool = pool("served", 1, 2);

        // when
        BrowserPool created = client.resource(pool).create();

        // then
        Service service =
                await().atMost(WAIT)
                        .until(
                                () ->
                                        client.services()
                                                .inNamespace(namespace())
                                                .withName("rsrch-pool-served")
                                                .get(),
                                found -> found != null);
        assertOwnedBy(service.getMetadata().getOwnerReferences(), created);
        assertThat(service.getSpec().getType()).isEqualTo("ClusterIP");
        assertThat(service.getSpec().getClusterIP()).isNotEqualTo("None");
        assertThat(service.getSpec().getSelector())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of(
                                "app.kubernetes.io/name", "rsrch-capability",
                                "rsrch.io/pool", "served"));
        assertThat(service.getSpec().getPorts())
                .singleElement()
                .satisfies(
                        port -> {
                            assertThat(port.getPort()).isEqualTo(3002);
                            assertThat(port.getTargetPort().getStrVal()).isEqualTo("http");
                        });
    }

    @Test
    void poolWithoutProfileMountsNoBrowserState() {
        // given
        BrowserPool pool = pool("no-profile", 1, 2);

        // when
        client.resource(pool).create();

        // then
        Container container = onlyContainer(awaitStatefulSet("rsrch-pool-no-profile"));
        assertThat(literal(container, "RSRCH_STORAGE_STATE")).isEmpty();
        assertThat(mountPath(container, "/var/run/rsrch/profile")).isEmpty();
        assertThat(
                        env(container, "RSRCH_INTERNAL_TOKEN")
                                .getValueFrom()
                                .getSecretKeyRef()
                                .getName())
                .isEqualTo(BrowserPoolSpec.DEFAULT_INTERNAL_TOKEN_SECRET);
    }

    @Test
    void changingReplicasScalesTheStatefulSetAndStatusFollowsTheGeneration() {
        // given
        client.resource(pool("scaled", 1, 2)).create();
        awaitStatefulSet("rsrch-pool-scaled");

        // when
        BrowserPool edited =
                client.resources(BrowserPool.class)
                        .inNamespace(namespace())
                        .withName("scaled")
                        // A merge patch carries no resource version, so it cannot lose a race
                        // with the operator's own status writes.
                        .patch(
                                PatchContext.of(PatchType.JSON_MERGE),
                                "{\"spec\":{\"replicas\":3}}");

        // then
        await().atMost(WAIT)
                .untilAsserted(
                        () ->
                                assertThat(statefulSet("rsrch-pool-scaled").getSpec().getReplicas())
                                        .isEqualTo(3));
        long generation = edited.getMetadata().getGeneration();
        assertThat(generation).isGreaterThan(1L);
        await().atMost(WAIT)
                .untilAsserted(
                        () ->
                                assertThat(poolStatus("scaled").getObservedGeneration())
                                        .isEqualTo(generation));
    }

    @Test
    void statusCountsReadyPodsAndTheirTabs() {
        // given
        client.resource(pool("ready", 3, 4)).create();
        StatefulSet statefulSet = awaitStatefulSet("rsrch-pool-ready");

        // when
        statefulSet.setStatus(
                new StatefulSetStatusBuilder().withReplicas(3).withReadyReplicas(2).build());
        client.resource(statefulSet).updateStatus();

        // then
        await().atMost(WAIT)
                .untilAsserted(
                        () -> {
                            var status = poolStatus("ready");
                            assertThat(status.getReplicas()).isEqualTo(3);
                            assertThat(status.getReadyReplicas()).isEqualTo(2);
                            assertThat(status.getTabs()).isEqualTo(8);
                            assertThat(status.getServiceUrl())
                                    .isEqualTo(
                                            "http://rsrch-pool-ready." + namespace() + ".svc:3002");
                        });
    }

    @Test
    void busyTabsComeFromTheSupplierAndAreRefreshed() {
        // given
        BUSY.put("busy", 3);
        client.resource(pool("busy", 2, 2)).create();
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(poolStatus("busy").getBusyTabs()).isEqualTo(3));

        // when
        BUSY.put("busy", 1);

        // then
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(poolStatus("busy").getBusyTabs()).isEqualTo(1));
    }

    @Test
    void unchangedPoolIsNotRewrittenOnEveryRefresh() {
        // given
        client.resource(pool("steady", 1, 2)).create();
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(poolStatus("steady").getTabs()).isNotNull());
        String version = statefulSet("rsrch-pool-steady").getMetadata().getResourceVersion();

        // when several status refreshes (every 500 ms) pass
        // then
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(5))
                .until(
                        () ->
                                statefulSet("rsrch-pool-steady")
                                        .getMetadata()
                                        .getResourceVersion()
                                        .equals(version));
    }

    private static BrowserPool pool(String name, int replicas, int tabsPerPod) {
        BrowserPoolSpec spec = new BrowserPoolSpec();
        spec.setImage("registry.example/rsrch:test");
        spec.setReplicas(replicas);
        spec.setTabsPerPod(tabsPerPod);
        spec.setSite("sandbox");
        BrowserPool pool = new BrowserPool();
        pool.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(namespace()).build());
        pool.setSpec(spec);
        return pool;
    }

    private static String namespace() {
        return client.getNamespace();
    }

    private static StatefulSet statefulSet(String name) {
        return client.apps().statefulSets().inNamespace(namespace()).withName(name).get();
    }

    private static StatefulSet awaitStatefulSet(String name) {
        return await().atMost(WAIT).until(() -> statefulSet(name), found -> found != null);
    }

    private static io.rsrch.operator.crd.BrowserPoolStatus poolStatus(String name) {
        BrowserPool pool =
                client.resources(BrowserPool.class).inNamespace(namespace()).withName(name).get();
        assertThat(pool.getStatus()).isNotNull();
        return pool.getStatus();
    }

    private static void assertOwnedBy(List<OwnerReference> references, BrowserPool owner) {
        assertThat(references)
                .singleElement()
                .satisfies(
                        reference -> {
                            assertThat(reference.getKind()).isEqualTo("BrowserPool");
                            assertThat(reference.getApiVersion()).isEqualTo("rsrch.io/v1alpha1");
                            assertThat(reference.getName())
                                    .isEqualTo(owner.getMetadata().getName());
                            assertThat(reference.getUid()).isEqualTo(owner.getMetadata().getUid());
                            assertThat(reference.getController()).isTrue();
                        });
    }

    private static Container onlyContainer(StatefulSet statefulSet) {
        List<Container> containers = statefulSet.getSpec().getTemplate().getSpec().getContainers();
        assertThat(containers).hasSize(1);
        return containers.get(0);
    }

    private static EnvVar env(Container container, String name) {
        return container.getEnv().stream()
                .filter(variable -> variable.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name));
    }

    private static Optional<String> literal(Container container, String name) {
        return container.getEnv().stream()
                .filter(variable -> variable.getName().equals(name))
                .map(EnvVar::getValue)
                .findFirst();
    }

    private static Optional<String> mountPath(Container container, String path) {
        return container.getVolumeMounts().stream()
                .filter(mount -> mount.getMountPath().equals(path))
                .map(mount -> mount.getName())
                .findFirst();
    }

    private static Volume volume(StatefulSet statefulSet, String name) {
        return statefulSet.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(volume -> volume.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no volume " + name));
    }
}
