// Local stand-ins for what the worker talks to: Windmill's variable and job routes, the rsrch
// api's internal job routes (with the lease state machine the real api keeps in FalkorDB), and
// a browser capability. Each is a node:http server on 127.0.0.1 and a random port.

import http from "node:http";
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";

export const INTERNAL_TOKEN = "test-internal-token";
export const WINDMILL_TOKEN = "test-windmill-token";
export const WORKSPACE = "rsrch-test";

type Handler = (req: http.IncomingMessage, body: any, res: http.ServerResponse) => unknown;

export interface Server {
  url: string;
  close(): Promise<void>;
}

async function listen(handler: Handler): Promise<Server> {
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    let body: any;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    try {
      await handler(req, body, res);
    } catch (e) {
      if (!res.headersSent) send(res, 500, { error: { reason: "Test", message: String(e) } });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function send(
  res: http.ServerResponse,
  status: number,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  if (res.writableEnded || res.destroyed) return;
  const text = body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body);
  const type = typeof body === "string" ? "text/plain" : "application/json";
  res.writeHead(status, { "Content-Type": type, ...headers });
  res.end(text);
}

function bearer(req: http.IncomingMessage): string | undefined {
  const header = req.headers.authorization ?? "";
  return header.startsWith("Bearer ") ? header.slice("Bearer ".length) : undefined;
}

// ---------------------------------------------------------------- Windmill

export interface WindmillRun {
  path: string;
  jobId: string | null;
  args: any;
}

export interface FakeWindmill extends Server {
  variables: Map<string, string>;
  variableReads: string[];
  runs: WindmillRun[];
  /** Sets the env a Windmill worker gives a job, so windmill-client reaches this fake. */
  useAsWindmill(windmillJobId: string): void;
}

export async function fakeWindmill(variables: Record<string, string>): Promise<FakeWindmill> {
  const state = {
    variables: new Map(Object.entries(variables)),
    variableReads: [] as string[],
    runs: [] as WindmillRun[],
  };
  const variablePrefix = `/api/w/${WORKSPACE}/variables/get_value/`;
  const runPrefix = `/api/w/${WORKSPACE}/jobs/run/p/`;
  const jobPrefix = `/api/w/${WORKSPACE}/jobs_u/get/`;

  const server = await listen((req, body, res) => {
    if (bearer(req) !== WINDMILL_TOKEN) return send(res, 401, "Unauthorized");
    const url = new URL(req.url ?? "/", "http://fake");

    if (req.method === "GET" && url.pathname.startsWith(variablePrefix)) {
      const path = decodeURI(url.pathname.slice(variablePrefix.length));
      state.variableReads.push(path);
      const value = state.variables.get(path);
      if (value === undefined) return send(res, 404, `variable ${path} not found`);
      // Windmill answers the value as a JSON string.
      res.writeHead(200, { "Content-Type": "application/json" });
      return res.end(JSON.stringify(value));
    }
    if (req.method === "POST" && url.pathname.startsWith(runPrefix)) {
      const path = decodeURI(url.pathname.slice(runPrefix.length));
      const jobId = url.searchParams.get("job_id");
      if (jobId && state.runs.some((r) => r.jobId === jobId))
        return send(res, 400, `job ${jobId} already exists`);
      state.runs.push({ path, jobId, args: body });
      return send(res, 201, jobId ?? randomUUID());
    }
    if (req.method === "GET" && url.pathname.startsWith(jobPrefix)) {
      const id = url.pathname.slice(jobPrefix.length);
      const run = state.runs.find((r) => r.jobId === id);
      return run
        ? send(res, 200, { type: "QueuedJob", id, running: false })
        : send(res, 404, "not found");
    }
    send(res, 404, "no such route in the fake");
  });

  return {
    ...server,
    ...state,
    useAsWindmill(windmillJobId: string) {
      process.env.BASE_INTERNAL_URL = server.url;
      process.env.WM_TOKEN = WINDMILL_TOKEN;
      process.env.WM_WORKSPACE = WORKSPACE;
      process.env.WM_JOB_ID = windmillJobId;
    },
  };
}

// ---------------------------------------------------------------- rsrch api

export interface FakeJob {
  id: string;
  type: string;
  status: "queued" | "processing" | "completed" | "failed" | "cancelled";
  attempt: number;
  params: { query: string; gem?: string };
  sessionId?: string;
  claimant?: string;
  leaseToken?: string;
  leaseExpiresAt?: number;
  report?: any;
  capabilityPod?: string;
  reason?: string;
  message?: string;
}

export interface ApiCall {
  step: string;
  jobId: string;
  body: any;
  status: number;
}

export interface FakeApi extends Server {
  jobs: Map<string, FakeJob>;
  calls: ApiCall[];
  /** Commits that changed a job's state (not the already_applied answers). */
  applied: { step: "complete" | "fail"; jobId: string; attempt: number }[];
  leaseSeconds: number;
  capabilityUrl?: string;
  /** Answers to hand out before the state machine, e.g. [503, 503] for the next claims. */
  failNext: Map<string, number[]>;
  addJob(id: string, query: string): FakeJob;
  /** What the operator does when a lease expires and another worker claims the next attempt. */
  supersede(id: string): void;
  callsOf(step: string): ApiCall[];
}

export async function fakeApi(
  options: { leaseSeconds?: number; capabilityUrl?: string } = {},
): Promise<FakeApi> {
  const jobs = new Map<string, FakeJob>();
  const calls: ApiCall[] = [];
  const applied: FakeApi["applied"] = [];
  const failNext = new Map<string, number[]>();
  const self = { leaseSeconds: options.leaseSeconds ?? 30, capabilityUrl: options.capabilityUrl };

  const conflict = (job: FakeJob, reason: string) =>
    [
      409,
      {
        error: { reason, message: `attempt refused: ${reason}` },
        job: { status: job.status, attempt: job.attempt },
      },
    ] as const;
  const holdsLease = (job: FakeJob, body: any) =>
    job.attempt === body?.attempt && job.leaseToken === body?.leaseToken;

  function claim(job: FakeJob, body: any): readonly [number, unknown] {
    if (job.attempt !== body?.attempt) return conflict(job, "AttemptSuperseded");
    if (job.status === "queued") {
      job.status = "processing";
      job.claimant = body.claimant;
      job.leaseToken = randomUUID();
    } else if (job.status !== "processing") {
      return conflict(job, "AlreadyFinished");
    } else if (job.claimant !== body.claimant) {
      return conflict(job, "ClaimedByOther");
    }
    job.leaseExpiresAt = Date.now() + self.leaseSeconds * 1000;
    return [
      200,
      {
        jobId: job.id,
        attempt: job.attempt,
        leaseToken: job.leaseToken,
        leaseExpiresAt: new Date(job.leaseExpiresAt).toISOString(),
        leaseSeconds: self.leaseSeconds,
        type: job.type,
        params: job.params,
        sessionId: job.sessionId,
        ...(self.capabilityUrl ? { capabilityUrl: self.capabilityUrl } : {}),
      },
    ];
  }

  function heartbeat(job: FakeJob, body: any): readonly [number, unknown] {
    if (job.status !== "processing" || !holdsLease(job, body)) return conflict(job, "LeaseLost");
    job.leaseExpiresAt = Date.now() + self.leaseSeconds * 1000;
    return [200, { leaseExpiresAt: new Date(job.leaseExpiresAt).toISOString() }];
  }

  function finish(job: FakeJob, body: any, step: "complete" | "fail"): readonly [number, unknown] {
    const target = step === "complete" ? "completed" : "failed";
    if (job.status === target && holdsLease(job, body)) return [200, { result: "already_applied" }];
    if (job.status !== "processing" || !holdsLease(job, body)) return conflict(job, "StaleLease");
    job.status = target;
    if (step === "complete") {
      job.report = body.report;
      job.capabilityPod = body.capabilityPod;
    } else {
      job.reason = body.reason;
      job.message = body.message;
    }
    applied.push({ step, jobId: job.id, attempt: job.attempt });
    return [200, { result: "applied" }];
  }

  const server = await listen((req, body, res) => {
    const match = /^\/internal\/jobs\/([^/]+)\/(claim|heartbeat|complete|fail)$/.exec(
      req.url ?? "",
    );
    if (req.method !== "POST" || !match)
      return send(res, 404, { error: { reason: "NotFound", message: "no such route" } });
    const jobId = decodeURIComponent(match[1]);
    const step = match[2];
    const record = (status: number, answer: unknown) => {
      calls.push({ step, jobId, body, status });
      send(res, status, answer);
    };

    const queued = failNext.get(step);
    if (queued && queued.length > 0)
      return record(queued.shift()!, { error: { reason: "Unavailable", message: "injected" } });
    if (bearer(req) !== INTERNAL_TOKEN)
      return record(401, { error: { reason: "Unauthorized", message: "bad token" } });
    const job = jobs.get(jobId);
    if (!job) return record(404, { error: { reason: "NotFound", message: `no job ${jobId}` } });

    const [status, answer] =
      step === "claim"
        ? claim(job, body)
        : step === "heartbeat"
          ? heartbeat(job, body)
          : finish(job, body, step as "complete" | "fail");
    record(status, answer);
  });

  return Object.assign(self, server, {
    jobs,
    calls,
    applied,
    failNext,
    addJob(id: string, query: string) {
      const job: FakeJob = {
        id,
        type: "deep-research",
        status: "queued",
        attempt: 1,
        params: { query, gem: "research" },
        sessionId: "session-1",
      };
      jobs.set(id, job);
      return job;
    },
    supersede(id: string) {
      const job = jobs.get(id)!;
      job.attempt += 1;
      job.status = "processing";
      job.claimant = "another-windmill-job";
      job.leaseToken = randomUUID();
    },
    callsOf(step: string) {
      return calls.filter((c) => c.step === step);
    },
  });
}

// ---------------------------------------------------------------- capability

export interface CapabilityCall {
  body: any;
  at: number;
  aborted: boolean;
}

export type CapabilityAnswer =
  { status: number; body?: unknown; headers?: Record<string, string> } | "hang";

export interface FakeCapability extends Server {
  calls: CapabilityCall[];
  /** Pieces of work started: calls for the same (job, attempt) in flight join one piece. */
  performed: number;
  /** Answers the n-th call (0-based); may be async to stand for slow browser work. */
  answer: (call: CapabilityCall, index: number) => CapabilityAnswer | Promise<CapabilityAnswer>;
  whenAborted(): Promise<void>;
}

export function reportFor(query: string) {
  return {
    title: `Report on ${query}`,
    markdown: `# Report on ${query}\n\nFindings.`,
    sources: [
      { url: "https://example.org/a", title: "A" },
      { url: "https://example.org/b", title: "B" },
    ],
    durationMs: 1234,
    tab: 0,
    pod: "capability-0",
  };
}

export async function fakeCapability(): Promise<FakeCapability> {
  const inFlight = new Map<string, Promise<CapabilityAnswer>>();
  let abortSeen: () => void = () => {};
  const aborted = new Promise<void>((resolve) => (abortSeen = resolve));

  const self: Pick<FakeCapability, "calls" | "performed" | "answer" | "whenAborted"> = {
    calls: [],
    performed: 0,
    answer: (call) => ({ status: 200, body: reportFor(call.body.query) }),
    whenAborted: () => aborted,
  };

  const server = await listen(async (req, body, res) => {
    if (req.method !== "POST" || req.url !== "/internal/perform-deep-research")
      return send(res, 404, { error: { reason: "NotFound", message: "no route" } });
    if (bearer(req) !== INTERNAL_TOKEN)
      return send(res, 401, { error: { reason: "Unauthorized", message: "bad token" } });
    const call: CapabilityCall = { body, at: Date.now(), aborted: false };
    const index = self.calls.push(call) - 1;
    res.on("close", () => {
      if (!res.writableFinished) {
        call.aborted = true;
        abortSeen();
      }
    });

    const key = `${body.jobId}/${body.attempt}`;
    let work = inFlight.get(key);
    if (!work) {
      self.performed += 1;
      work = Promise.resolve(self.answer(call, index));
      inFlight.set(key, work);
      work.finally(() => inFlight.delete(key)).catch(() => {});
    }
    const answer = await work;
    if (answer === "hang") return;
    send(res, answer.status, answer.body, answer.headers);
  });

  return Object.assign(self, server);
}
