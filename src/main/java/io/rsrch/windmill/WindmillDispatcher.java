package io.rsrch.windmill;

import io.rsrch.dispatch.Dispatcher;
import io.rsrch.job.FailureReason;
import io.rsrch.job.Job;
import io.rsrch.job.JobFailure;

import com.fasterxml.jackson.databind.JsonNode;
import dev.failsafe.Failsafe;
import dev.failsafe.RetryPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Dispatches attempts as runs of the Windmill script {@code f/rsrch/worker}. The Windmill job id is
 * derived from (job, attempt), so triggering an attempt again is refused by Windmill and taken here
 * as already dispatched. Windmill being down makes a dispatch fail; the job stays queued and
 * supervision tries again.
 */
public final class WindmillDispatcher implements Dispatcher {

    public static final String WORKER_SCRIPT = "f/rsrch/worker";
    private static final Logger log = LoggerFactory.getLogger(WindmillDispatcher.class);

    private final WindmillClient windmill;
    private final RetryPolicy<Object> transientErrors =
            RetryPolicy.builder()
                    .handleIf(e -> e instanceof WindmillException w && w.transientFailure())
                    .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(2))
                    .withJitter(0.25)
                    .withMaxRetries(3)
                    .build();

    public WindmillDispatcher(WindmillClient windmill) {
        this.windmill = windmill;
    }

    @Override
    public String dispatch(Job job) {
        UUID id = AttemptIds.windmillJobId(job.id(), job.attempt());
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("jobId", job.id());
        args.put("attempt", job.attempt());
        args.put("type", job.type().wireName());
        try {
            Failsafe.with(transientErrors)
                    .get(() -> windmill.runScriptByPath(WORKER_SCRIPT, args, id));
        } catch (WindmillException e) {
            if (e.status() == 400
                    && Failsafe.with(transientErrors).get(() -> windmill.getJob(id)).isPresent()) {
                log.info(
                        "job={} attempt={} was already dispatched as {}",
                        job.id(),
                        job.attempt(),
                        id);
                return id.toString();
            }
            throw e;
        }
        return id.toString();
    }

    @Override
    public Optional<JobFailure> ended(Job job) {
        if (job.dispatchRef() == null) {
            return Optional.empty();
        }
        JsonNode answer = windmill.getResultMaybe(UUID.fromString(job.dispatchRef()));
        if (!answer.path("completed").asBoolean(false)) {
            return Optional.empty();
        }
        boolean success = answer.path("success").asBoolean(false);
        return Optional.of(
                new JobFailure(
                        FailureReason.WORKER_LOST,
                        "Windmill job "
                                + job.dispatchRef()
                                + (success ? " finished" : " failed or was cancelled")
                                + " without committing attempt "
                                + job.attempt()));
    }

    @Override
    public void cancel(Job job) {
        if (job.dispatchRef() == null) {
            return;
        }
        try {
            windmill.cancel(UUID.fromString(job.dispatchRef()), "rsrch cancelled job " + job.id());
        } catch (WindmillException e) {
            // A job that already finished cannot be cancelled; that is fine.
            log.debug(
                    "job={} Windmill cancel of {} answered: {}",
                    job.id(),
                    job.dispatchRef(),
                    e.getMessage());
        }
    }

    @Override
    public boolean durable() {
        return true;
    }

    @Override
    public void close() {}
}
