package io.rsrch.operator.job;

import io.rsrch.operator.crd.ResearchJob;
import io.rsrch.operator.crd.ResearchJobSpec;
import io.rsrch.operator.crd.ResearchJobType;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks a {@code ResearchJob} before anything runs. The CRD schema refuses most bad specs on a
 * real API server; this repeats the checks that matter, so a spec that slipped past the schema (an
 * older CRD, a mock server) ends {@code Failed/InvalidSpec} instead of running half-right.
 */
final class ResearchJobValidator {

    static final int MAX_QUERY_LENGTH = 20_000;
    private static final int MAX_NAME_LENGTH = 200;
    private static final Pattern POOL_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    Optional<SpecProblem> problem(ResearchJob job) {
        ResearchJobSpec spec = job.getSpec();
        if (spec == null) {
            return problem("spec is missing: set spec.type and spec.query");
        }
        String type = spec.getType() == null ? "deep-research" : spec.getType();
        Optional<ResearchJobType> known = ResearchJobType.of(type);
        if (known.isEmpty()) {
            return problem("spec.type must be deep-research or audio-overview, not '" + type + "'");
        }
        if (known.get() != ResearchJobType.DEEP_RESEARCH) {
            return problem(
                    "spec.type "
                            + type
                            + " is not carried out by this version of rsrch; use deep-research");
        }
        if (spec.getQuery() == null || spec.getQuery().isBlank()) {
            return problem("spec.query is required for a deep-research job");
        }
        if (spec.getQuery().length() > MAX_QUERY_LENGTH) {
            return problem(
                    "spec.query has "
                            + spec.getQuery().length()
                            + " characters; the limit is "
                            + MAX_QUERY_LENGTH);
        }
        if (tooLong(spec.getGem()) || tooLong(spec.getSessionId())) {
            return problem("spec.gem and spec.sessionId are limited to 200 characters");
        }
        if (spec.getPoolRef() != null && !POOL_NAME.matcher(spec.getPoolRef()).matches()) {
            return problem("spec.poolRef must name a BrowserPool (a DNS label)");
        }
        Integer backoffLimit = spec.getBackoffLimit();
        if (backoffLimit != null && (backoffLimit < 0 || backoffLimit > 10)) {
            return problem("spec.backoffLimit must be between 0 and 10");
        }
        Long deadline = spec.getActiveDeadlineSeconds();
        if (deadline != null && deadline < 1) {
            return problem("spec.activeDeadlineSeconds must be at least 1");
        }
        Long ttl = spec.getTtlSecondsAfterFinished();
        if (ttl != null && ttl < 0) {
            return problem("spec.ttlSecondsAfterFinished must not be negative");
        }
        return Optional.empty();
    }

    private static boolean tooLong(String value) {
        return value != null && value.length() > MAX_NAME_LENGTH;
    }

    private static Optional<SpecProblem> problem(String message) {
        return Optional.of(new SpecProblem(message));
    }
}
