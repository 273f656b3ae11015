package io.rsrch.operator.pool;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/** Writes an object the operator owns so that the cluster holds what the operator wants. */
public final class ResourceApplier {

    /** Field manager named in server-side apply. */
    public static final String FIELD_MANAGER = "rsrch-operator";

    /** Annotation carrying a digest of the desired object, so an unchanged one is not rewritten. */
    public static final String DESIRED_DIGEST = "rsrch.io/desired-digest";

    private final ApplyMode mode;

    public ResourceApplier(ApplyMode mode) {
        this.mode = mode;
    }

    /**
     * Makes the cluster hold {@code desired}. {@code observed} is the object as last seen (from the
     * informer cache), used by {@link ApplyMode#UPDATE} for the resource version and to skip a
     * write that would change nothing.
     */
    public <T extends HasMetadata> T apply(
            KubernetesClient client, T desired, Optional<T> observed) {
        withDigest(desired);
        return switch (mode) {
            case SERVER_SIDE ->
                    client.resource(desired)
                            .fieldManager(FIELD_MANAGER)
                            .forceConflicts()
                            .serverSideApply();
            case UPDATE -> update(client, desired, observed);
        };
    }

    private static <T extends HasMetadata> T update(
            KubernetesClient client, T desired, Optional<T> observed) {
        if (observed.isEmpty()) {
            return client.resource(desired).create();
        }
        T current = observed.get();
        if (digestOf(current).equals(digestOf(desired))) {
            return current;
        }
        // A stale resource version makes the write fail with 409; JOSDK retries the reconcile.
        desired.getMetadata().setResourceVersion(current.getMetadata().getResourceVersion());
        return client.resource(desired).update();
    }

    /** Marks {@code desired} with a digest of its content, as every applied object is marked. */
    static <T extends HasMetadata> T withDigest(T desired) {
        String digest = digest(desired);
        Map<String, String> annotations = desired.getMetadata().getAnnotations();
        Map<String, String> copy =
                annotations == null ? new HashMap<>() : new HashMap<>(annotations);
        copy.put(DESIRED_DIGEST, digest);
        desired.getMetadata().setAnnotations(copy);
        return desired;
    }

    private static String digestOf(HasMetadata object) {
        Map<String, String> annotations = object.getMetadata().getAnnotations();
        return annotations == null ? "" : annotations.getOrDefault(DESIRED_DIGEST, "");
    }

    private static String digest(HasMetadata desired) {
        try {
            byte[] json = Serialization.asJson(desired).getBytes(StandardCharsets.UTF_8);
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(json);
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
