package io.rsrch.windmill;

import io.rsrch.BearerToken;
import io.rsrch.api.ApiServer;
import io.rsrch.api.InternalJobRoutes;
import io.rsrch.api.SupervisedJobControl;
import io.rsrch.capability.CapabilityConfig;
import io.rsrch.capability.CapabilityServer;
import io.rsrch.job.JobLifecycle;
import io.rsrch.job.JobSupervisor;
import io.rsrch.job.RetryBackoff;
import io.rsrch.store.FalkorJobStore;
import io.rsrch.store.Graph;
import io.rsrch.testing.FalkorDbServer;

import redis.clients.jedis.JedisPooled;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;

/**
 * rsrch with Windmill as its dispatcher, on one machine: FalkorDB, a capability on the sandbox, the
 * api with its internal job endpoints and supervision dispatching to a {@link FakeWindmill} that
 * runs the real {@code f/rsrch/worker} under Node.
 */
final class WindmillStack implements AutoCloseable {

    static final String TOKEN = "windmill-stack-internal-token";

    final FalkorDbServer falkordb;
    final CapabilityServer capability;
    final FakeWindmill windmill;
    final FalkorJobStore store;
    final JobLifecycle lifecycle;
    final WindmillDispatcher dispatcher;
    final JobSupervisor supervisor;
    final ApiServer api;

    WindmillStack() throws IOException {
        this(true);
    }

    /** With {@code supervise} false, something else (the operator) supervises the jobs. */
    WindmillStack(boolean supervise) throws IOException {
        falkordb = FalkorDbServer.start();
        capability =
                CapabilityServer.start(
                        CapabilityConfig.defaults(TOKEN, "sandbox").withPort(0).withTabs(2));
        windmill = new FakeWindmill();
        store =
                new FalkorJobStore(
                        new Graph(new JedisPooled("127.0.0.1", falkordb.port()), "rsrch"));
        store.prepare();
        lifecycle =
                new JobLifecycle(
                        store,
                        Clock.systemUTC(),
                        Duration.ofSeconds(6),
                        new RetryBackoff(Duration.ofMillis(200), Duration.ofSeconds(1)));
        dispatcher = new WindmillDispatcher(new WindmillClient(windmill.settings()));
        supervisor =
                new JobSupervisor(lifecycle, dispatcher, Clock.systemUTC(), Duration.ofMillis(300));
        String capabilityUrl = "http://127.0.0.1:" + capability.port();
        api =
                ApiServer.start(
                        0,
                        store,
                        new SupervisedJobControl(lifecycle, supervisor),
                        3,
                        null,
                        new InternalJobRoutes(
                                lifecycle, new BearerToken(TOKEN), job -> capabilityUrl));
        windmill.setVariable("f/rsrch/api_url", "http://127.0.0.1:" + api.port());
        windmill.setVariable("f/rsrch/internal_token", TOKEN);
        windmill.setVariable("f/rsrch/attempt_timeout_ms", "60000");
        if (supervise) {
            supervisor.start();
        }
    }

    String apiUrl() {
        return "http://127.0.0.1:" + api.port();
    }

    @Override
    public void close() {
        supervisor.close();
        api.close();
        windmill.close();
        capability.close();
        falkordb.close();
    }
}
