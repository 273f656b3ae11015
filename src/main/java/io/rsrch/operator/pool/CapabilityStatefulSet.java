package io.rsrch.operator.pool;

import io.rsrch.operator.crd.BrowserPool;
import io.rsrch.operator.crd.BrowserPoolSpec;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The StatefulSet that runs a {@link BrowserPool}'s capability pods, one Chromium in each. */
public final class CapabilityStatefulSet {

    /** Name of the capability container in each pod. */
    public static final String CONTAINER = "capability";

    /** Directory the profile Secret is mounted at, read-only. */
    public static final String PROFILE_DIR = "/var/run/rsrch/profile";

    /** Key of the Playwright storage state in the profile Secret, and its file name. */
    public static final String STORAGE_STATE_KEY = "storage-state.json";

    /** Key of the bearer token in the internal token Secret. */
    public static final String TOKEN_KEY = "token";

    // A fixed non-root uid lets runAsNonRoot be checked even when the image names its user.
    private static final long CAPABILITY_UID = 10001L;
    private static final String SHM_VOLUME = "dshm";
    private static final String PROFILE_VOLUME = "profile";

    private final BrowserPool pool;
    private final BrowserPoolSpec spec;

    public CapabilityStatefulSet(BrowserPool pool) {
        this.pool = pool;
        this.spec = Objects.requireNonNull(pool.getSpec(), "BrowserPool has no spec");
    }

    /** The StatefulSet as the pool wants it. */
    public StatefulSet desired() {
        return new StatefulSetBuilder()
                .withMetadata(PoolNames.metadata(pool))
                .withNewSpec()
                .withReplicas(orDefault(spec.getReplicas(), 1))
                .withServiceName(PoolNames.objectName(pool))
                // Capability pods are interchangeable: start and stop them all at once.
                .withPodManagementPolicy("Parallel")
                .withNewSelector()
                .withMatchLabels(PoolNames.selector(pool))
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(PoolNames.labels(pool))
                .endMetadata()
                .withSpec(podSpec())
                .endTemplate()
                .endSpec()
                .build();
    }

    private PodSpec podSpec() {
        return new PodSpecBuilder()
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withRunAsUser(CAPABILITY_UID)
                .withRunAsGroup(CAPABILITY_UID)
                .withFsGroup(CAPABILITY_UID)
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .endSecurityContext()
                .withContainers(container())
                .withVolumes(volumes())
                .build();
    }

    private Container container() {
        return new ContainerBuilder()
                .withName(CONTAINER)
                .withImage(spec.getImage())
                .withArgs("capability")
                .withEnv(env())
                .addNewPort()
                .withName("http")
                .withContainerPort(PoolNames.CAPABILITY_PORT)
                .withProtocol("TCP")
                .endPort()
                .withReadinessProbe(healthProbe(5, 10, 3))
                .withLivenessProbe(healthProbe(30, 20, 3))
                .withResources(
                        spec.getResources() == null
                                ? new ResourceRequirements()
                                : spec.getResources())
                .withVolumeMounts(volumeMounts())
                .withNewSecurityContext()
                .withRunAsNonRoot(true)
                .withAllowPrivilegeEscalation(false)
                .withNewCapabilities()
                .withDrop("ALL")
                .endCapabilities()
                .endSecurityContext()
                .build();
    }

    private List<EnvVar> env() {
        List<EnvVar> env = new ArrayList<>();
        env.add(literal("RSRCH_CAPABILITY_PORT", String.valueOf(PoolNames.CAPABILITY_PORT)));
        env.add(literal("RSRCH_TABS", String.valueOf(orDefault(spec.getTabsPerPod(), 2))));
        env.add(literal("RSRCH_SITE", spec.getSite() == null ? "gemini" : spec.getSite()));
        if (spec.getAllowedHosts() != null && !spec.getAllowedHosts().isEmpty()) {
            env.add(literal("RSRCH_ALLOWED_HOSTS", String.join(",", spec.getAllowedHosts())));
        }
        env.add(
                new EnvVarBuilder()
                        .withName("RSRCH_POD_NAME")
                        .withNewValueFrom()
                        .withNewFieldRef()
                        .withFieldPath("metadata.name")
                        .endFieldRef()
                        .endValueFrom()
                        .build());
        env.add(
                new EnvVarBuilder()
                        .withName("RSRCH_INTERNAL_TOKEN")
                        .withNewValueFrom()
                        .withNewSecretKeyRef()
                        .withName(tokenSecret())
                        .withKey(TOKEN_KEY)
                        .endSecretKeyRef()
                        .endValueFrom()
                        .build());
        if (hasProfile()) {
            env.add(literal("RSRCH_STORAGE_STATE", PROFILE_DIR + "/" + STORAGE_STATE_KEY));
        }
        // The fixed uid has no home directory in the image; Chromium writes its settings there.
        env.add(literal("HOME", "/tmp"));
        env.add(literal("RSRCH_CHROMIUM_SANDBOX", "false"));
        return env;
    }

    private List<VolumeMount> volumeMounts() {
        List<VolumeMount> mounts = new ArrayList<>();
        mounts.add(new VolumeMountBuilder().withName(SHM_VOLUME).withMountPath("/dev/shm").build());
        if (hasProfile()) {
            mounts.add(
                    new VolumeMountBuilder()
                            .withName(PROFILE_VOLUME)
                            .withMountPath(PROFILE_DIR)
                            .withReadOnly(true)
                            .build());
        }
        return mounts;
    }

    private List<Volume> volumes() {
        List<Volume> volumes = new ArrayList<>();
        // The container runtime's default /dev/shm is 64 MiB, which makes Chromium tabs crash.
        volumes.add(
                new VolumeBuilder()
                        .withName(SHM_VOLUME)
                        .withNewEmptyDir()
                        .withMedium("Memory")
                        .endEmptyDir()
                        .build());
        if (hasProfile()) {
            volumes.add(
                    new VolumeBuilder()
                            .withName(PROFILE_VOLUME)
                            .withNewSecret()
                            .withSecretName(spec.getProfileSecretRef())
                            .addNewItem()
                            .withKey(STORAGE_STATE_KEY)
                            .withPath(STORAGE_STATE_KEY)
                            .endItem()
                            .withDefaultMode(0440)
                            .endSecret()
                            .build());
        }
        return volumes;
    }

    private static Probe healthProbe(int initialDelaySeconds, int periodSeconds, int failures) {
        return new ProbeBuilder()
                .withNewHttpGet()
                .withPath("/health")
                .withPort(new IntOrString("http"))
                .endHttpGet()
                .withInitialDelaySeconds(initialDelaySeconds)
                .withPeriodSeconds(periodSeconds)
                .withTimeoutSeconds(5)
                .withFailureThreshold(failures)
                .build();
    }

    private boolean hasProfile() {
        return spec.getProfileSecretRef() != null && !spec.getProfileSecretRef().isBlank();
    }

    private String tokenSecret() {
        String name = spec.getInternalTokenSecretRef();
        return name == null || name.isBlank()
                ? BrowserPoolSpec.DEFAULT_INTERNAL_TOKEN_SECRET
                : name;
    }

    private static EnvVar literal(String name, String value) {
        return new EnvVarBuilder().withName(name).withValue(value).build();
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
