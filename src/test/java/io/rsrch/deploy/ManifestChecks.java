package io.rsrch.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Checks that deploy/ and the rendered Helm chart must both pass. */
final class ManifestChecks {

    /** Every (group, resource, verb) the operator may use, and no more. */
    static final Set<String> OPERATOR_PERMISSIONS = permissions();

    private ManifestChecks() {}

    /** The objects of kind {@code type}. */
    static <T extends HasMetadata> List<T> ofKind(List<HasMetadata> objects, Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Each rule of {@code role} flattened into "group/resource:verb" entries. */
    static Set<String> flatten(ClusterRole role) {
        Set<String> flat = new TreeSet<>();
        for (PolicyRule rule : role.getRules()) {
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        flat.add(group + "/" + resource + ":" + verb);
                    }
                }
            }
        }
        return flat;
    }

    /** Fails when a Secret carries a value or an env var writes a credential literally. */
    static void assertNoSecretValues(List<HasMetadata> objects) {
        for (Secret secret : ofKind(objects, Secret.class)) {
            assertThat(secret.getData()).as("data of Secret %s", name(secret)).isNullOrEmpty();
            assertThat(secret.getStringData())
                    .as("stringData of Secret %s", name(secret))
                    .isNullOrEmpty();
        }
        for (Container container : containers(objects)) {
            for (EnvVar variable : Optional.ofNullable(container.getEnv()).orElse(List.of())) {
                String upper = variable.getName().toUpperCase(Locale.ROOT);
                if (upper.contains("TOKEN")
                        || upper.contains("PASSWORD")
                        || upper.contains("SECRET")) {
                    assertThat(variable.getValue())
                            .as(
                                    "literal value of %s in %s",
                                    variable.getName(), container.getName())
                            .isNull();
                    assertThat(variable.getValueFrom())
                            .as("reference of %s in %s", variable.getName(), container.getName())
                            .isNotNull();
                }
            }
        }
    }

    /** The containers of every Deployment and StatefulSet among {@code objects}. */
    static List<Container> containers(List<HasMetadata> objects) {
        List<PodTemplateSpec> templates = new ArrayList<>();
        ofKind(objects, Deployment.class).forEach(d -> templates.add(d.getSpec().getTemplate()));
        ofKind(objects, StatefulSet.class).forEach(s -> templates.add(s.getSpec().getTemplate()));
        return templates.stream().flatMap(t -> t.getSpec().getContainers().stream()).toList();
    }

    /** The env var {@code name} of {@code container}. */
    static EnvVar env(Container container, String name) {
        return container.getEnv().stream()
                .filter(variable -> variable.getName().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no env " + name));
    }

    private static String name(HasMetadata object) {
        return object.getMetadata().getName();
    }

    private static Set<String> permissions() {
        Set<String> expected = new TreeSet<>();
        for (String resource :
                List.of("researchjobs", "researchjobs/status", "researchjobs/finalizers")) {
            for (String verb : List.of("get", "list", "watch", "update", "patch", "delete")) {
                expected.add("rsrch.io/" + resource + ":" + verb);
            }
        }
        for (String resource : List.of("browserpools", "browserpools/status")) {
            for (String verb : List.of("get", "list", "watch", "update", "patch")) {
                expected.add("rsrch.io/" + resource + ":" + verb);
            }
        }
        for (String verb : List.of("get", "list", "watch", "create", "update", "patch", "delete")) {
            expected.add("apps/statefulsets:" + verb);
            expected.add("/services:" + verb);
        }
        expected.add("/events:create");
        expected.add("/events:patch");
        for (String verb : List.of("get", "create", "update")) {
            expected.add("coordination.k8s.io/leases:" + verb);
        }
        return expected;
    }
}
