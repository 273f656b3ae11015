package io.rsrch.worker;

import io.rsrch.job.Job;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Spreads attempts over several capabilities in turn and passes over one that did not answer its
 * health probe a moment ago, so the attempt that follows a lost capability goes to a live one.
 */
public final class CapabilityRing implements CapabilityLocator {

    private static final Logger log = LoggerFactory.getLogger(CapabilityRing.class);

    /** How long a capability that did not answer is passed over before it is probed again. */
    public static final Duration DEFAULT_DOWN_FOR = Duration.ofSeconds(3);

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private final List<Member> members;
    private final Duration downFor;
    private final Clock clock;
    private final OkHttpClient probes;
    private final AtomicInteger next = new AtomicInteger();

    public CapabilityRing(List<String> baseUrls, String token) {
        this(baseUrls, token, DEFAULT_DOWN_FOR, Clock.systemUTC());
    }

    public CapabilityRing(List<String> baseUrls, String token, Duration downFor, Clock clock) {
        if (baseUrls.isEmpty()) {
            throw new IllegalArgumentException("a capability ring needs at least one address");
        }
        List<Member> created = new ArrayList<>();
        for (String url : baseUrls) {
            created.add(new Member(url, new CapabilityClient(url, token)));
        }
        this.members = List.copyOf(created);
        this.downFor = downFor;
        this.clock = clock;
        this.probes =
                new OkHttpClient.Builder()
                        .connectTimeout(PROBE_TIMEOUT)
                        .readTimeout(PROBE_TIMEOUT)
                        .callTimeout(PROBE_TIMEOUT)
                        // A pooled connection to a capability that restarted is stale; a probe
                        // may retry it on a fresh one rather than call a live capability down.
                        .retryOnConnectionFailure(true)
                        .build();
    }

    /**
     * The next capability in turn that answers its health probe. Every choice is probed afresh,
     * because a capability can die between two attempts and an older answer would send the retry
     * straight back to it. When none answers, the next in turn is answered anyway: its call fails
     * as {@code CapabilityUnavailable} and the attempt is retried after a back-off.
     */
    @Override
    public CapabilityClient locate(Job job) {
        int start = Math.floorMod(next.getAndIncrement(), members.size());
        List<Member> passedOver = new ArrayList<>();
        for (int step = 0; step < members.size(); step++) {
            Member member = members.get((start + step) % members.size());
            if (member.passedOver(clock.millis())) {
                passedOver.add(member);
            } else if (answers(member)) {
                return member.client;
            }
        }
        // Every other one is silent: one passed over may have come back early.
        for (Member member : passedOver) {
            if (answers(member)) {
                return member.client;
            }
        }
        return members.get(start).client;
    }

    /** The ring's clients in ring order, one per address. */
    public List<CapabilityClient> clients() {
        return members.stream().map(member -> member.client).toList();
    }

    private boolean answers(Member member) {
        Request request = new Request.Builder().url(member.url + "/health").get().build();
        try (Response response = probes.newCall(request).execute()) {
            if (response.isSuccessful()) {
                member.markUp();
                return true;
            }
            member.markDown(clock.millis() + downFor.toMillis(), "health " + response.code());
        } catch (IOException e) {
            member.markDown(clock.millis() + downFor.toMillis(), e.toString());
        }
        return false;
    }

    /** One capability of the ring and until when it is passed over. */
    private static final class Member {

        final String url;
        final CapabilityClient client;
        private long downUntil;
        private boolean down;

        Member(String url, CapabilityClient client) {
            this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
            this.client = client;
        }

        synchronized boolean passedOver(long now) {
            return down && now < downUntil;
        }

        synchronized void markDown(long until, String why) {
            if (!down) {
                log.warn("capability {} did not answer ({}); passing it over", url, why);
            }
            down = true;
            downUntil = until;
        }

        synchronized void markUp() {
            if (down) {
                log.info("capability {} answers again", url);
            }
            down = false;
        }
    }
}
