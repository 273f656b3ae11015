// Runs the real f/rsrch/worker main under Node against local fakes of Windmill, the rsrch api
// and a capability.

import { test, afterEach } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

import { main } from "../f/rsrch/worker.ts";
import {
  INTERNAL_TOKEN,
  WINDMILL_TOKEN,
  WORKSPACE,
  fakeApi,
  fakeCapability,
  fakeWindmill,
  type FakeApi,
  type FakeCapability,
  type FakeWindmill,
  type Server,
} from "./fakes.ts";

const JOB = "job-7f3a";
const QUERY = "Why do leases need fencing tokens?";
const WINDMILL_JOB = "0190c7a2-5b1e-7c3d-9a00-000000000001";

let servers: Server[] = [];

afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

interface World {
  windmill: FakeWindmill;
  api: FakeApi;
  capability: FakeCapability;
}

async function world(
  options: { leaseSeconds?: number; extraVariables?: Record<string, string> } = {},
): Promise<World> {
  const capability = await fakeCapability();
  const api = await fakeApi({ leaseSeconds: options.leaseSeconds, capabilityUrl: capability.url });
  const windmill = await fakeWindmill({
    "f/rsrch/api_url": `${api.url}/`,
    "f/rsrch/internal_token": INTERNAL_TOKEN,
    ...options.extraVariables,
  });
  servers.push(capability, api, windmill);
  api.addJob(JOB, QUERY);
  windmill.useAsWindmill(WINDMILL_JOB);
  return { windmill, api, capability };
}

test("completesAJobEndToEndAndCommitsTheReportOnce", async () => {
  const { api, capability, windmill } = await world();

  const outcome = await main(JOB, 1, "deep-research");

  assert.equal(outcome.outcome, "completed");
  assert.deepEqual(
    {
      result: (outcome as any).result,
      sources: (outcome as any).sources,
      capabilityPod: (outcome as any).capabilityPod,
    },
    { result: "applied", sources: 2, capabilityPod: "capability-0" },
  );
  const job = api.jobs.get(JOB)!;
  assert.equal(job.status, "completed");
  assert.equal(job.report.title, `Report on ${QUERY}`);
  assert.match(job.report.markdown, /Findings/);
  assert.deepEqual(job.report.sources, [
    { url: "https://example.org/a", title: "A" },
    { url: "https://example.org/b", title: "B" },
  ]);
  assert.equal(job.report.durationMs, 1234);
  assert.equal(job.capabilityPod, "capability-0");
  assert.deepEqual(api.applied, [{ step: "complete", jobId: JOB, attempt: 1 }]);
  assert.equal(api.callsOf("claim")[0].body.claimant, WINDMILL_JOB);
  const sent = capability.calls[0].body;
  assert.deepEqual(
    {
      jobId: sent.jobId,
      attempt: sent.attempt,
      query: sent.query,
      gem: sent.gem,
      sessionId: sent.sessionId,
    },
    { jobId: JOB, attempt: 1, query: QUERY, gem: "research", sessionId: "session-1" },
  );
  assert.ok(
    sent.timeoutMs > 1_790_000 && sent.timeoutMs <= 1_800_000,
    `timeoutMs ${sent.timeoutMs}`,
  );
  assert.ok(windmill.variableReads.includes("f/rsrch/internal_token"));
});

test("waitsRetryAfterWhenTheCapabilityIsBusyThenCompletes", async () => {
  const { api, capability } = await world();
  capability.answer = (call, index) =>
    index === 0
      ? {
          status: 429,
          headers: { "Retry-After": "1" },
          body: { error: { reason: "CapabilityUnavailable", message: "no free tab" } },
        }
      : {
          status: 200,
          body: {
            title: "T",
            markdown: "M",
            sources: [],
            durationMs: 5,
            tab: 1,
            pod: "capability-1",
          },
        };

  const outcome = await main(JOB, 1);

  assert.equal(outcome.outcome, "completed");
  assert.equal(capability.calls.length, 2);
  const waited = capability.calls[1].at - capability.calls[0].at;
  assert.ok(waited >= 950, `waited only ${waited} ms`);
  assert.equal(api.jobs.get(JOB)!.status, "completed");
  assert.equal(api.applied.length, 1);
});

test("commitsTheCapabilityFailureReason", async () => {
  const { api, capability } = await world();
  capability.answer = () => ({
    status: 422,
    body: { error: { reason: "AuthRequired", message: "the browser profile is signed out" } },
  });

  const outcome = await main(JOB, 1);

  assert.deepEqual(outcome, {
    outcome: "failed",
    jobId: JOB,
    attempt: 1,
    result: "applied",
    reason: "AuthRequired",
  });
  const job = api.jobs.get(JOB)!;
  assert.equal(job.status, "failed");
  assert.equal(job.reason, "AuthRequired");
  assert.equal(job.message, "the browser profile is signed out");
  assert.equal(api.callsOf("complete").length, 0);
});

test("anUnreachableCapabilityFailsWithCapabilityUnavailable", async () => {
  const { api, capability } = await world();
  await capability.close();

  const outcome = await main(JOB, 1);

  assert.equal(outcome.outcome, "failed");
  assert.equal(api.jobs.get(JOB)!.reason, "CapabilityUnavailable");
});

test("aRepeatedRunAfterTheFirstFinishedCommitsNothing", async () => {
  const { api, capability } = await world();
  const first = await main(JOB, 1);

  const second = await main(JOB, 1);

  assert.equal(first.outcome, "completed");
  assert.deepEqual(second, {
    outcome: "skipped",
    jobId: JOB,
    attempt: 1,
    reason: "AlreadyFinished",
    status: "completed",
  });
  assert.equal(capability.calls.length, 1);
  assert.equal(api.callsOf("complete").length, 1);
  assert.equal(api.applied.length, 1);
});

test("twoConcurrentRunsOfOneWindmillJobMakeOneReportAndOneCommit", async () => {
  const { api, capability } = await world();
  capability.answer = async (call) => {
    await new Promise((r) => setTimeout(r, 300));
    return {
      status: 200,
      body: {
        title: "T",
        markdown: `report for ${call.body.jobId}`,
        sources: [],
        durationMs: 300,
        tab: 0,
        pod: "p",
      },
    };
  };

  const [a, b] = await Promise.all([main(JOB, 1), main(JOB, 1)]);

  assert.deepEqual([a.outcome, b.outcome], ["completed", "completed"]);
  assert.deepEqual([(a as any).result, (b as any).result].sort(), ["already_applied", "applied"]);
  assert.equal(capability.performed, 1);
  assert.equal(api.applied.length, 1);
  assert.deepEqual(
    api.callsOf("claim").map((c) => c.status),
    [200, 200],
    "both got the same lease",
  );
});

test("aSupersededRunStopsTheCapabilityAndCommitsNothing", { timeout: 15_000 }, async () => {
  const { api, capability } = await world({ leaseSeconds: 0.9 });
  capability.answer = () => {
    api.supersede(JOB);
    return "hang";
  };

  const outcome = await main(JOB, 1);

  assert.deepEqual(outcome, { outcome: "lease-lost", jobId: JOB, attempt: 1 });
  await capability.whenAborted();
  assert.equal(capability.calls[0].aborted, true);
  assert.equal(api.callsOf("heartbeat").at(-1)!.status, 409);
  assert.equal(api.callsOf("complete").length + api.callsOf("fail").length, 0);
  const job = api.jobs.get(JOB)!;
  assert.deepEqual(
    { status: job.status, attempt: job.attempt, report: job.report },
    { status: "processing", attempt: 2, report: undefined },
  );
});

test("aStaleCommitIsRefusedAndLeavesTheNewerAttempt", async () => {
  const { api, capability } = await world({ leaseSeconds: 60 });
  capability.answer = () => {
    api.supersede(JOB);
    return {
      status: 200,
      body: { title: "late", markdown: "late", sources: [], durationMs: 1, tab: 0, pod: "p" },
    };
  };

  const outcome = await main(JOB, 1);

  assert.deepEqual(outcome, { outcome: "refused", jobId: JOB, attempt: 1, wanted: "completed" });
  assert.equal(api.callsOf("complete")[0].status, 409);
  assert.equal(api.applied.length, 0);
  assert.equal(api.jobs.get(JOB)!.report, undefined);
});

test("aClaimOfAnAttemptThatIsNoLongerCurrentIsSkipped", async () => {
  const { api, capability } = await world();
  api.supersede(JOB);

  const outcome = await main(JOB, 1);

  assert.deepEqual(outcome, {
    outcome: "skipped",
    jobId: JOB,
    attempt: 1,
    reason: "AttemptSuperseded",
    status: "processing",
  });
  assert.equal(capability.calls.length, 0);
});

test("retriesAClaimThatMetAnUnavailableApi", async () => {
  const { api } = await world();
  api.failNext.set("claim", [503, 502]);

  const outcome = await main(JOB, 1);

  assert.equal(outcome.outcome, "completed");
  assert.deepEqual(
    api.callsOf("claim").map((c) => c.status),
    [503, 502, 200],
  );
});

test("retriesACommitThatMetAnUnavailableApi", async () => {
  const { api } = await world();
  api.failNext.set("complete", [500]);

  const outcome = await main(JOB, 1);

  assert.equal(outcome.outcome, "completed");
  assert.deepEqual(
    api.callsOf("complete").map((c) => c.status),
    [500, 200],
  );
  assert.equal(api.applied.length, 1);
});

test("anUnknownJobThrows", async () => {
  await world();

  await assert.rejects(main("no-such-job", 1), /does not know job no-such-job/);
});

test("aWrongTokenVariableThrowsNamingTheVariable", async () => {
  const { windmill, api } = await world();
  windmill.variables.set("f/rsrch/internal_token", "wrong");

  await assert.rejects(main(JOB, 1), /f\/rsrch\/internal_token/);
  assert.equal(api.jobs.get(JOB)!.status, "queued");
});

test("aMissingApiUrlVariableThrowsNamingTheVariable", async () => {
  const { windmill } = await world();
  windmill.variables.delete("f/rsrch/api_url");

  await assert.rejects(main(JOB, 1), /f\/rsrch\/api_url/);
});

test("theAttemptTimeoutVariableReachesTheCapability", async () => {
  const { capability } = await world({ extraVariables: { "f/rsrch/attempt_timeout_ms": "60000" } });

  await main(JOB, 1);

  const timeoutMs = capability.calls[0].body.timeoutMs;
  assert.ok(timeoutMs > 59_000 && timeoutMs <= 60_000, `timeoutMs ${timeoutMs}`);
});

test("audioOverviewIsRefusedBeforeAnyClaim", async () => {
  const { api } = await world();

  await assert.rejects(main(JOB, 1, "audio-overview"), /not supported/);
  assert.equal(api.calls.length, 0);
});

test("runWorkerPrintsTheResultAsTheLastLineAndExitsZero", async () => {
  const { api } = await world();

  const run = await runWorker({ jobId: JOB, attempt: 1, type: "deep-research" });

  assert.equal(run.code, 0, run.stderr);
  const lines = run.stdout.trim().split("\n");
  assert.equal(JSON.parse(lines.at(-1)!).outcome, "completed");
  assert.ok(lines.length > 1, "log lines come before the result");
  assert.ok(
    !run.stdout.includes(INTERNAL_TOKEN) && !run.stdout.includes("Findings"),
    "no token or report text in the log",
  );
  assert.equal(api.jobs.get(JOB)!.status, "completed");
});

test("runWorkerExitsOneWithTheMessageWhenTheWorkerThrows", async () => {
  await world();

  const run = await runWorker({ jobId: "no-such-job", attempt: 1 });

  assert.equal(run.code, 1);
  assert.match(run.stderr, /does not know job no-such-job/);
});

function runWorker(
  args: unknown,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const script = fileURLToPath(new URL("../run-worker.mjs", import.meta.url));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, JSON.stringify(args)], {
      env: {
        PATH: process.env.PATH,
        BASE_INTERNAL_URL: process.env.BASE_INTERNAL_URL,
        WM_TOKEN: WINDMILL_TOKEN,
        WM_WORKSPACE: WORKSPACE,
        WM_JOB_ID: WINDMILL_JOB,
      },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

test("aJobStoredWithAnotherTypeFailsAsInvalidSpecWithoutCallingTheCapability", async () => {
  const { api, capability } = await world();
  api.jobs.get(JOB)!.type = "audio-overview";

  const outcome = await main(JOB, 1, "deep-research");

  assert.equal(outcome.outcome, "failed");
  assert.equal(api.jobs.get(JOB)!.reason, "InvalidSpec");
  assert.equal(capability.calls.length, 0);
});

test("usesTheCapabilityUrlVariableWhenTheClaimNamesNone", async () => {
  const { api, capability, windmill } = await world();
  api.capabilityUrl = undefined;
  windmill.variables.set("f/rsrch/capability_url", `${capability.url}/`);

  const outcome = await main(JOB, 1);

  assert.equal(outcome.outcome, "completed");
  assert.equal(capability.calls.length, 1);
});
