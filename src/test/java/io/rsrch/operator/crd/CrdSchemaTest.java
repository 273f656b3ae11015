package io.rsrch.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRule;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Proves the committed CRDs carry the schema, validation and columns users rely on. */
class CrdSchemaTest {

    private static final List<String> IMMUTABLE_SPEC_FIELDS =
            List.of(
                    "type",
                    "query",
                    "gem",
                    "sessionId",
                    "audio",
                    "poolRef",
                    "backoffLimit",
                    "activeDeadlineSeconds",
                    "ttlSecondsAfterFinished");

    @Test
    void researchJobIsNamespacedWithShortNameAndStatusSubresource() throws IOException {
        // given
        CustomResourceDefinition crd = CrdFiles.load("researchjobs.rsrch.io-v1.yml");

        // when
        CustomResourceDefinitionVersion version = onlyVersion(crd);

        // then
        assertThat(crd.getMetadata().getName()).isEqualTo("researchjobs.rsrch.io");
        assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
        assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("rj");
        assertThat(version.getName()).isEqualTo("v1alpha1");
        assertThat(version.getSubresources().getStatus()).isNotNull();
    }

    @Test
    void researchJobPrintsTypePhaseAttemptAndAge() throws IOException {
        // given
        CustomResourceDefinitionVersion version =
                onlyVersion(CrdFiles.load("researchjobs.rsrch.io-v1.yml"));

        // when
        Map<String, String> columns = columns(version);

        // then
        assertThat(columns)
                .containsOnly(
                        Map.entry("Type", ".spec.type"),
                        Map.entry("Phase", ".status.phase"),
                        Map.entry("Attempt", ".status.attempt"),
                        Map.entry("Age", ".metadata.creationTimestamp"));
        assertThat(typeOf(version, "Age")).isEqualTo("date");
    }

    @Test
    void researchJobSchemaLimitsTypesAndLengths() throws IOException {
        // given
        JSONSchemaProps root = schema("researchjobs.rsrch.io-v1.yml");

        // when
        JSONSchemaProps spec = root.getProperties().get("spec");
        JSONSchemaProps status = root.getProperties().get("status");
        JSONSchemaProps audio = spec.getProperties().get("audio");

        // then
        assertThat(enumOf(spec.getProperties().get("type")))
                .containsExactlyInAnyOrder("deep-research", "audio-overview");
        assertThat(spec.getProperties().get("type").getDefault().asText())
                .isEqualTo("deep-research");
        assertThat(enumOf(status.getProperties().get("phase")))
                .containsExactlyInAnyOrder(
                        "Queued", "Processing", "Completed", "Failed", "Cancelled");
        assertThat(spec.getProperties().get("query").getMaxLength()).isEqualTo(20000L);
        assertThat(spec.getProperties().get("gem").getMaxLength()).isEqualTo(200L);
        assertThat(spec.getProperties().get("sessionId").getMaxLength()).isEqualTo(200L);
        assertThat(audio.getProperties().get("notebookTitle").getMaxLength()).isEqualTo(200L);
        assertThat(audio.getProperties().get("customPrompt").getMaxLength()).isEqualTo(5000L);
        assertThat(audio.getProperties().get("sources").getMaxItems()).isEqualTo(50L);
        assertThat(spec.getProperties().get("poolRef").getPattern())
                .isEqualTo("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$");
        assertThat(spec.getProperties().get("backoffLimit").getMinimum()).isEqualTo(0.0);
        assertThat(spec.getProperties().get("backoffLimit").getMaximum()).isEqualTo(10.0);
        assertThat(spec.getProperties().get("backoffLimit").getDefault().asInt()).isEqualTo(2);
        assertThat(spec.getProperties().get("activeDeadlineSeconds").getMinimum()).isEqualTo(1.0);
    }

    @Test
    void everyResearchJobSpecFieldButSuspendIsImmutable() throws IOException {
        // given
        JSONSchemaProps spec = schema("researchjobs.rsrch.io-v1.yml").getProperties().get("spec");

        // when
        List<String> guarded = new ArrayList<>();
        spec.getProperties()
                .forEach(
                        (name, field) -> {
                            if (rules(field).contains("self == oldSelf")) {
                                guarded.add(name);
                            }
                        });

        // then
        assertThat(guarded).containsExactlyInAnyOrderElementsOf(IMMUTABLE_SPEC_FIELDS);
        assertThat(spec.getProperties()).containsKey("suspend");
        assertThat(rules(spec))
                .singleElement()
                .asString()
                .contains("!has(oldSelf.query) || has(self.query)");
    }

    @Test
    void everyResearchJobFieldIsDescribedForKubectlExplain() throws IOException {
        // given
        JSONSchemaProps root = schema("researchjobs.rsrch.io-v1.yml");

        // when
        List<String> undescribed = new ArrayList<>();
        collectUndescribed("spec", root.getProperties().get("spec"), undescribed);
        collectUndescribed("status", root.getProperties().get("status"), undescribed);

        // then
        assertThat(undescribed).isEmpty();
    }

    @Test
    void browserPoolIsNamespacedWithColumnsAndStatusSubresource() throws IOException {
        // given
        CustomResourceDefinition crd = CrdFiles.load("browserpools.rsrch.io-v1.yml");

        // when
        CustomResourceDefinitionVersion version = onlyVersion(crd);

        // then
        assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
        assertThat(crd.getSpec().getNames().getShortNames()).containsExactly("bp");
        assertThat(version.getSubresources().getStatus()).isNotNull();
        assertThat(columns(version))
                .containsOnly(
                        Map.entry("Ready", ".status.readyReplicas"),
                        Map.entry("Tabs", ".status.tabs"),
                        Map.entry("Busy", ".status.busyTabs"),
                        Map.entry("Age", ".metadata.creationTimestamp"));
    }

    @Test
    void browserPoolSchemaRequiresAnImageAndBoundsTheTabs() throws IOException {
        // given
        JSONSchemaProps root = schema("browserpools.rsrch.io-v1.yml");

        // when
        JSONSchemaProps spec = root.getProperties().get("spec");

        // then
        assertThat(spec.getRequired()).containsExactly("image");
        assertThat(spec.getProperties().get("tabsPerPod").getMinimum()).isEqualTo(1.0);
        assertThat(spec.getProperties().get("tabsPerPod").getMaximum()).isEqualTo(16.0);
        assertThat(spec.getProperties().get("replicas").getMinimum()).isEqualTo(0.0);
        assertThat(enumOf(spec.getProperties().get("site")))
                .containsExactlyInAnyOrder("gemini", "sandbox");
        assertThat(spec.getProperties().get("resources").getProperties())
                .containsKeys("limits", "requests");
        assertThat(root.getProperties().get("status").getProperties())
                .containsKeys(
                        "readyReplicas",
                        "replicas",
                        "tabs",
                        "busyTabs",
                        "observedGeneration",
                        "serviceUrl");
    }

    @Test
    void javaDefaultsAgreeWithTheSchemaDefaults() throws IOException {
        // given
        Map<String, Object> jobSpec =
                Serialization.jsonMapper()
                        .convertValue(
                                new ResearchJobSpec(), new TypeReference<Map<String, Object>>() {});
        Map<String, Object> poolSpec =
                Serialization.jsonMapper()
                        .convertValue(
                                new BrowserPoolSpec(), new TypeReference<Map<String, Object>>() {});

        // when
        Map<String, Object> jobDefaults = defaults(schema("researchjobs.rsrch.io-v1.yml"));
        Map<String, Object> poolDefaults = defaults(schema("browserpools.rsrch.io-v1.yml"));

        // then
        assertThat(jobDefaults).containsKeys("type", "poolRef", "backoffLimit", "suspend");
        assertThat(jobSpec).containsAllEntriesOf(jobDefaults);
        assertThat(poolDefaults)
                .containsKeys("replicas", "tabsPerPod", "site", "internalTokenSecretRef");
        assertThat(poolSpec).containsAllEntriesOf(poolDefaults);
    }

    private static Map<String, Object> defaults(JSONSchemaProps root) {
        Map<String, Object> defaults = new java.util.HashMap<>();
        root.getProperties()
                .get("spec")
                .getProperties()
                .forEach(
                        (name, field) -> {
                            if (field.getDefault() != null) {
                                defaults.put(
                                        name,
                                        Serialization.jsonMapper()
                                                .convertValue(field.getDefault(), Object.class));
                            }
                        });
        return defaults;
    }

    private static JSONSchemaProps schema(String file) throws IOException {
        return onlyVersion(CrdFiles.load(file)).getSchema().getOpenAPIV3Schema();
    }

    private static CustomResourceDefinitionVersion onlyVersion(CustomResourceDefinition crd) {
        assertThat(crd.getSpec().getVersions()).hasSize(1);
        return crd.getSpec().getVersions().get(0);
    }

    private static Map<String, String> columns(CustomResourceDefinitionVersion version) {
        Map<String, String> columns = new java.util.LinkedHashMap<>();
        for (CustomResourceColumnDefinition column : version.getAdditionalPrinterColumns()) {
            columns.put(column.getName(), column.getJsonPath());
        }
        return columns;
    }

    private static String typeOf(CustomResourceDefinitionVersion version, String column) {
        return version.getAdditionalPrinterColumns().stream()
                .filter(definition -> definition.getName().equals(column))
                .findFirst()
                .orElseThrow()
                .getType();
    }

    private static List<String> enumOf(JSONSchemaProps field) {
        return field.getEnum().stream().map(value -> value.asText()).toList();
    }

    private static List<String> rules(JSONSchemaProps field) {
        List<ValidationRule> validations = field.getXKubernetesValidations();
        return validations == null
                ? List.of()
                : validations.stream().map(ValidationRule::getRule).toList();
    }

    private static void collectUndescribed(
            String path, JSONSchemaProps field, List<String> undescribed) {
        if (field.getProperties() == null) {
            return;
        }
        field.getProperties()
                .forEach(
                        (name, child) -> {
                            String childPath = path + "." + name;
                            if (child.getDescription() == null
                                    || child.getDescription().isBlank()) {
                                undescribed.add(childPath);
                            }
                            collectUndescribed(childPath, child, undescribed);
                            if (child.getItems() != null && child.getItems().getSchema() != null) {
                                collectUndescribed(
                                        childPath + "[]",
                                        child.getItems().getSchema(),
                                        undescribed);
                            }
                        });
    }
}
