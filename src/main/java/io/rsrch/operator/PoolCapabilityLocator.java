package io.rsrch.operator;

import io.rsrch.job.Job;
import io.rsrch.worker.CapabilityClient;
import io.rsrch.worker.CapabilityLocator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the capability Service of a job's {@code BrowserPool}. The address comes from a template
 * with {@code {pool}} and {@code {namespace}} in it; the default names the Service the pool
 * reconciler creates, {@code http://rsrch-pool-{pool}.{namespace}.svc:3002}.
 */
public final class PoolCapabilityLocator implements CapabilityLocator {

    public static final String DEFAULT_TEMPLATE = "http://rsrch-pool-{pool}.{namespace}.svc:3002";

    private final String template;
    private final String token;
    private final String defaultNamespace;
    private final Map<String, CapabilityClient> clients = new ConcurrentHashMap<>();

    public PoolCapabilityLocator(String template, String token, String defaultNamespace) {
        this.template = template;
        this.token = token;
        this.defaultNamespace = defaultNamespace;
    }

    @Override
    public CapabilityClient locate(Job job) {
        return clients.computeIfAbsent(
                urlFor(job), address -> new CapabilityClient(address, token));
    }

    /** The address of the capabilities of the job's pool. */
    public String urlFor(Job job) {
        String namespace =
                job.owner() == null || job.owner().namespace() == null
                        ? defaultNamespace
                        : job.owner().namespace();
        return template.replace("{pool}", job.pool()).replace("{namespace}", namespace);
    }
}
