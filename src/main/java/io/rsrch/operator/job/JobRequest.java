package io.rsrch.operator.job;

import io.rsrch.job.JobOwner;
import io.rsrch.job.JobType;
import io.rsrch.job.NewJob;
import io.rsrch.operator.crd.ResearchJob;
import io.rsrch.operator.crd.ResearchJobSpec;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Turns a valid {@code ResearchJob} into the job stored in FalkorDB under the same name. */
final class JobRequest {

    static final int DEFAULT_BACKOFF_LIMIT = 2;

    private JobRequest() {}

    static NewJob from(ResearchJob resource, long now) {
        ResearchJobSpec spec = resource.getSpec();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("query", spec.getQuery());
        if (spec.getGem() != null && !spec.getGem().isBlank()) {
            params.put("gem", spec.getGem());
        }
        int backoffLimit =
                spec.getBackoffLimit() == null ? DEFAULT_BACKOFF_LIMIT : spec.getBackoffLimit();
        Long deadlineAt =
                spec.getActiveDeadlineSeconds() == null
                        ? null
                        : createdAt(resource, now) + spec.getActiveDeadlineSeconds() * 1000;
        String session = spec.getSessionId();
        return new NewJob(
                resource.getMetadata().getName(),
                JobType.DEEP_RESEARCH,
                params,
                session == null || session.isBlank() ? "default" : session,
                backoffLimit + 1,
                deadlineAt,
                spec.getPoolRef(),
                new JobOwner(
                        resource.getMetadata().getNamespace(),
                        resource.getMetadata().getName(),
                        resource.getMetadata().getUid()));
    }

    /** When the resource was created; its deadline counts from then, like a batch Job's. */
    static long createdAt(ResearchJob resource, long now) {
        String created = resource.getMetadata().getCreationTimestamp();
        return created == null ? now : Instant.parse(created).toEpochMilli();
    }
}
