package io.rsrch.operator.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rsrch.operator.crd.BrowserPool;
import io.rsrch.operator.crd.BrowserPoolSpec;

import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Proves each apply mode sends the request a real API server expects of it. */
@EnableKubernetesMockClient
class ResourceApplierTest {

    static KubernetesMockServer server;
    static KubernetesClient client;

    @Test
    void serverSideModeSendsAnApplyPatchWithTheOperatorsFieldManager() throws Exception {
        // given
        StatefulSet desired = new CapabilityStatefulSet(pool("ssa")).desired();
        ResourceApplier applier = new ResourceApplier(ApplyMode.SERVER_SIDE);

        // when
        // The expectation-mode mock answers 404 to anything unplanned; only the request matters.
        assertThatThrownBy(() -> applier.apply(client, desired, Optional.empty()));
        RecordedRequest request = lastRequest();

        // then
        assertThat(request.getMethod()).isEqualTo("PATCH");
        assertThat(request.getHeader("Content-Type")).startsWith("application/apply-patch+yaml");
        assertThat(request.getPath())
                .startsWith("/apis/apps/v1/namespaces/test/statefulsets/rsrch-pool-ssa")
                .contains("fieldManager=" + ResourceApplier.FIELD_MANAGER)
                .contains("force=true");
    }

    @Test
    void updateModeCreatesWhatItHasNotSeen() throws Exception {
        // given
        StatefulSet desired = new CapabilityStatefulSet(pool("fresh")).desired();
        ResourceApplier applier = new ResourceApplier(ApplyMode.UPDATE);

        // when
        assertThatThrownBy(() -> applier.apply(client, desired, Optional.empty()));
        RecordedRequest request = lastRequest();

        // then
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getPath()).isEqualTo("/apis/apps/v1/namespaces/test/statefulsets");
    }

    @Test
    void updateModeLeavesAnUnchangedObjectAlone() {
        // given
        ResourceApplier applier = new ResourceApplier(ApplyMode.UPDATE);
        StatefulSet seen = new CapabilityStatefulSet(pool("same")).desired();
        ResourceApplier.withDigest(seen);
        int before = server.getRequestCount();

        // when
        StatefulSet result =
                applier.apply(
                        client,
                        new CapabilityStatefulSet(pool("same")).desired(),
                        Optional.of(seen));

        // then
        assertThat(result).isSameAs(seen);
        assertThat(server.getRequestCount()).isEqualTo(before);
    }

    @Test
    void updateModeReplacesAChangedObjectAtTheSeenVersion() throws Exception {
        // given
        ResourceApplier applier = new ResourceApplier(ApplyMode.UPDATE);
        StatefulSet seen = new CapabilityStatefulSet(pool("changed")).desired();
        ResourceApplier.withDigest(seen);
        seen.getMetadata().setResourceVersion("41");
        BrowserPool scaled = pool("changed");
        scaled.getSpec().setReplicas(5);

        // when
        assertThatThrownBy(
                () ->
                        applier.apply(
                                client,
                                new CapabilityStatefulSet(scaled).desired(),
                                Optional.of(seen)));
        RecordedRequest request = lastRequest();

        // then
        assertThat(request.getMethod()).isEqualTo("PUT");
        assertThat(request.getBody().readUtf8()).contains("\"resourceVersion\":\"41\"");
    }

    private static RecordedRequest lastRequest() throws InterruptedException {
        RecordedRequest last = null;
        RecordedRequest next;
        while ((next = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
            last = next;
        }
        assertThat(last).isNotNull();
        return last;
    }

    private static BrowserPool pool(String name) {
        BrowserPoolSpec spec = new BrowserPoolSpec();
        spec.setImage("registry.example/rsrch:test");
        BrowserPool pool = new BrowserPool();
        pool.setMetadata(
                new ObjectMetaBuilder()
                        .withName(name)
                        .withNamespace("test")
                        .withUid("uid-" + name)
                        .build());
        pool.setSpec(spec);
        return pool;
    }
}
