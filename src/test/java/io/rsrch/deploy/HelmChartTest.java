package io.rsrch.deploy;

import static io.rsrch.deploy.ManifestChecks.env;
import static io.rsrch.deploy.ManifestChecks.ofKind;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rsrch.operator.crd.BrowserPool;
import io.rsrch.operator.crd.CrdFiles;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

/** Lints and renders the Helm chart with real Helm and checks the objects carry the values. */
class HelmChartTest {

    private static final Path CHART = CrdFiles.projectRoot().resolve("helm/rsrch");

    @Test
    void chartPassesLint() {
        // given
        Helm helm = new Helm(CHART);

        // when
        LintResult result = helm.lint().call();

        // then
        assertThat(result.isFailed()).as("helm lint: %s", result.getMessages()).isFalse();
    }

    @Test
    void defaultsRenderOperatorRbacPoolAndFalkorDb() {
        // given / when
        List<HasMetadata> objects = render(command -> command);

        // then
        assertThat(objects)
                .extracting(HasMetadata::getKind)
                .contains(
                        "ServiceAccount",
                        "ClusterRole",
                        "ClusterRoleBinding",
                        "Deployment",
                        "BrowserPool",
                        "StatefulSet",
                        "Service");
        assertThat(ManifestChecks.flatten(ofKind(objects, ClusterRole.class).get(0)))
                .containsExactlyElementsOf(ManifestChecks.OPERATOR_PERMISSIONS);
        Container operator = operatorContainer(objects);
        assertThat(env(operator, "RSRCH_FALKORDB_URL").getValue())
                .isEqualTo("redis://demo-rsrch-falkordb.research.svc:6379");
        StatefulSet falkordb = ofKind(objects, StatefulSet.class).get(0);
        assertThat(
                        String.join(
                                " ",
                                falkordb.getSpec()
                                        .getTemplate()
                                        .getSpec()
                                        .getContainers()
                                        .get(0)
                                        .getArgs()))
                .contains("--appendonly yes");
        ManifestChecks.assertNoSecretValues(objects);
    }

    @Test
    void theApiRunsInClusterModeAgainstTheSameFalkorDb() {
        // given / when
        List<HasMetadata> objects = render(command -> command);

        // then
        Container api = container(objects, "-api");
        assertThat(api.getArgs()).containsExactly("api", "--kubernetes");
        assertThat(env(api, "RSRCH_FALKORDB_URL").getValue())
                .isEqualTo(env(operatorContainer(objects), "RSRCH_FALKORDB_URL").getValue());
        assertThat(render(command -> command.set("api.enabled", "false")))
                .noneMatch(o -> o.getMetadata().getName().endsWith("-api"));
    }

    @Test
    void windmillIsOffByDefaultAndSetsTheOperatorsEnvironmentWhenGivenAUrl() {
        // given / when
        Container byDefault = operatorContainer(render(command -> command));
        Container withWindmill =
                operatorContainer(
                        render(
                                command ->
                                        command.set("windmill.url", "http://windmill-app:8000")
                                                .set("windmill.workspace", "research")
                                                .set("windmill.tokenSecret", "wm-token")
                                                .set("windmill.tag", "rsrch-dedicated")));

        // then
        assertThat(byDefault.getEnv()).noneMatch(e -> e.getName().startsWith("RSRCH_WINDMILL"));
        assertThat(env(withWindmill, "RSRCH_WINDMILL_URL").getValue())
                .isEqualTo("http://windmill-app:8000");
        assertThat(env(withWindmill, "RSRCH_WINDMILL_WORKSPACE").getValue()).isEqualTo("research");
        assertThat(env(withWindmill, "RSRCH_WINDMILL_TAG").getValue()).isEqualTo("rsrch-dedicated");
        assertThat(env(withWindmill, "RSRCH_WINDMILL_TOKEN").getValueFrom().getSecretKeyRef())
                .satisfies(
                        ref -> {
                            assertThat(ref.getName()).isEqualTo("wm-token");
                            assertThat(ref.getKey()).isEqualTo("token");
                        });
    }

    @Test
    void livenessProbesDoNotDependOnFalkorDb() {
        // given / when
        List<HasMetadata> objects = render(command -> command);

        // then
        assertThat(container(objects, "-api").getLivenessProbe().getHttpGet().getPath())
                .isEqualTo("/livez");
        assertThat(operatorContainer(objects).getLivenessProbe().getHttpGet().getPath())
                .isEqualTo("/livez");
    }

    @Test
    void renderedObjectsCarryTheGivenValues() {
        // given
        UnaryOperator<TemplateCommand> values =
                command ->
                        command.set("image.repository", "registry.example/rsrch")
                                .set("image.tag", "1.2.3")
                                .set("operator.replicas", "3")
                                .set("operator.falkordbUrl", "redis://graph.example:6379")
                                .set("pool.replicas", "4")
                                .set("pool.tabsPerPod", "5")
                                .set("pool.site", "sandbox")
                                .set("pool.internalToken.existingSecret", "my-token")
                                .set("pool.profile.existingSecret", "my-profile")
                                .set("falkordb.enabled", "false");

        // when
        List<HasMetadata> objects = render(values);

        // then
        Deployment deployment =
                ofKind(objects, Deployment.class).stream()
                        .filter(d -> d.getMetadata().getName().endsWith("-operator"))
                        .findFirst()
                        .orElseThrow();
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(3);
        Container operator = operatorContainer(objects);
        assertThat(operator.getImage()).isEqualTo("registry.example/rsrch:1.2.3");
        assertThat(operator.getArgs()).containsExactly("operator");
        assertThat(env(operator, "RSRCH_FALKORDB_URL").getValue())
                .isEqualTo("redis://graph.example:6379");
        assertThat(ofKind(objects, StatefulSet.class)).isEmpty();

        BrowserPool pool = pool(objects);
        assertThat(pool.getSpec().getReplicas()).isEqualTo(4);
        assertThat(pool.getSpec().getTabsPerPod()).isEqualTo(5);
        assertThat(pool.getSpec().getSite()).isEqualTo("sandbox");
        assertThat(pool.getSpec().getImage()).isEqualTo("registry.example/rsrch:1.2.3");
        assertThat(pool.getSpec().getInternalTokenSecretRef()).isEqualTo("my-token");
        assertThat(env(operator, "RSRCH_INTERNAL_TOKEN").getValueFrom().getSecretKeyRef().getName())
                .isEqualTo("my-token");
        assertThat(pool.getSpec().getProfileSecretRef()).isEqualTo("my-profile");
        ManifestChecks.assertNoSecretValues(objects);
    }

    @Test
    void falkorDbUrlWithPasswordComesFromASecret() {
        // given / when
        List<HasMetadata> objects =
                render(command -> command.set("operator.falkordbUrlSecret", "graph-url"));

        // then
        var url = env(operatorContainer(objects), "RSRCH_FALKORDB_URL");
        assertThat(url.getValue()).isNull();
        assertThat(url.getValueFrom().getSecretKeyRef().getName()).isEqualTo("graph-url");
    }

    @Test
    void chartRefusesToRunWithoutAnyFalkorDb() {
        // given
        TemplateCommand command =
                new Helm(CHART)
                        .template()
                        .withName("demo")
                        .withNamespace("research")
                        .set("falkordb.enabled", "false");

        // when / then
        assertThatThrownBy(command::call).hasMessageContaining("operator.falkordbUrl");
    }

    private static List<HasMetadata> render(UnaryOperator<TemplateCommand> values) {
        String yaml =
                values.apply(new Helm(CHART).template().withName("demo").withNamespace("research"))
                        .call();
        return DeployManifestsTest.asList(
                Serialization.unmarshal(
                        new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))));
    }

    private static Container operatorContainer(List<HasMetadata> objects) {
        return container(objects, "-operator");
    }

    private static Container container(List<HasMetadata> objects, String nameSuffix) {
        return ofKind(objects, Deployment.class).stream()
                .filter(d -> d.getMetadata().getName().endsWith(nameSuffix))
                .findFirst()
                .orElseThrow()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0);
    }

    private static BrowserPool pool(List<HasMetadata> objects) {
        HasMetadata found =
                objects.stream()
                        .filter(object -> object.getKind().equals("BrowserPool"))
                        .findFirst()
                        .orElseThrow();
        return Serialization.unmarshal(Serialization.asJson(found), BrowserPool.class);
    }
}
