// Windmill script f/rsrch/worker: carries out one attempt of one rsrch job.
//
// The operator starts it by path with a Windmill job UUID derived from (job id, attempt), so an
// attempt is started once. Windmill may still run it again under the same UUID (it restarts a job
// whose worker stopped answering) and a slow copy may finish after a newer one: every step below
// is idempotent, and every commit presents the lease token the claim handed out, so the rsrch api
// refuses whatever a stale copy tries to write.
//
// Only standard fetch, AbortController and timers are used, so the file runs under Bun (Windmill)
// and under Node 20 (the tests, run-worker.mjs) alike.

import * as wmill from "windmill-client";

export const VARIABLE_API_URL = "f/rsrch/api_url";
export const VARIABLE_INTERNAL_TOKEN = "f/rsrch/internal_token";
export const VARIABLE_CAPABILITY_URL = "f/rsrch/capability_url";
export const VARIABLE_ATTEMPT_TIMEOUT_MS = "f/rsrch/attempt_timeout_ms";

const DEFAULT_ATTEMPT_TIMEOUT_MS = 1_800_000;
const DEFAULT_LEASE_SECONDS = 30;
const DEFAULT_RETRY_AFTER_SECONDS = 5;
// The capability stops its own work at timeoutMs; the fetch waits this much longer so that the
// capability's own Timeout answer, not our abort, is what normally ends a slow call.
const CAPABILITY_GRACE_MS = 30_000;
const API_REQUEST_TIMEOUT_MS = 15_000;
// Claims and commits are idempotent, so transient failures are retried: 0.5 s, 1 s, 2 s, 4 s.
const API_ATTEMPTS = 5;
const API_FIRST_BACKOFF_MS = 500;

const KNOWN_FAILURE_REASONS = new Set([
  "AuthRequired",
  "DeepResearchUnavailable",
  "SiteError",
  "Timeout",
  "BrowserCrashed",
  "CapabilityUnavailable",
  "Cancelled",
  "InvalidSpec",
]);

export type Outcome =
  | {
      outcome: "completed";
      jobId: string;
      attempt: number;
      result: CommitResult;
      title: string;
      sources: number;
      durationMs: number;
      capabilityPod?: string;
    }
  | { outcome: "failed"; jobId: string; attempt: number; result: CommitResult; reason: string }
  | { outcome: "refused"; jobId: string; attempt: number; wanted: "completed" | "failed" }
  | { outcome: "lease-lost"; jobId: string; attempt: number }
  | { outcome: "skipped"; jobId: string; attempt: number; reason: string; status?: string };

type CommitResult = "applied" | "already_applied";

interface Settings {
  apiUrl: string;
  token: string;
  capabilityUrl?: string;
  attemptTimeoutMs: number;
}

interface Lease {
  jobId: string;
  attempt: number;
  leaseToken: string;
  leaseSeconds: number;
  type: string;
  query: string;
  gem?: string;
  sessionId?: string;
  capabilityUrl?: string;
}

interface Report {
  title: string;
  markdown: string;
  sources: { url: string; title?: string }[];
  durationMs: number;
}

type Performance =
  | { kind: "report"; report: Report; capabilityPod?: string }
  | { kind: "failure"; reason: string; message: string }
  | { kind: "lease-lost" };

export async function main(
  jobId: string,
  attempt: number,
  type: string = "deep-research",
): Promise<Outcome> {
  checkArguments(jobId, attempt, type);
  const log = logger(jobId, attempt);
  // setClient reads BASE_INTERNAL_URL / WM_TOKEN now rather than at import time.
  wmill.setClient();

  const settings = await readSettings();
  const claimant = claimantId();
  log(`claiming as ${claimant}`);

  const claimed = await claim(settings, jobId, attempt, claimant);
  if ("skipped" in claimed) {
    log(`skipped: ${claimed.skipped.reason} (job is ${claimed.skipped.status ?? "unknown"})`);
    return { outcome: "skipped", jobId, attempt, ...claimed.skipped };
  }
  const lease = claimed.lease;
  log(`claimed, lease ${lease.leaseSeconds}s`);

  const keeper = keepLease(settings, lease, log);
  let performance: Performance;
  try {
    performance = await performDeepResearch(settings, lease, keeper.lost, log);
  } finally {
    keeper.stop();
  }

  if (performance.kind === "lease-lost" || keeper.lost.aborted) {
    log("lease lost: nothing committed");
    return { outcome: "lease-lost", jobId, attempt };
  }
  return commit(settings, lease, performance, log);
}

function checkArguments(jobId: string, attempt: number, type: string) {
  if (typeof jobId !== "string" || jobId.trim() === "") {
    throw new Error("jobId must be a non-empty string");
  }
  if (!Number.isInteger(attempt) || attempt < 1) {
    throw new Error(`attempt must be a whole number from 1, got ${attempt}`);
  }
  if (type === "audio-overview") {
    throw new Error("audio-overview jobs are not supported by f/rsrch/worker yet");
  }
  if (type !== "deep-research") {
    throw new Error(`unknown job type "${type}": expected deep-research`);
  }
}

function logger(jobId: string, attempt: number) {
  return (line: string) => console.log(`rsrch-worker job=${jobId} attempt=${attempt} ${line}`);
}

/** The Windmill job UUID: the same across Windmill's restarts of this job, so a restarted run
 * claims again as the same claimant and gets its lease back. */
function claimantId(): string {
  const id = process.env.WM_JOB_ID;
  if (!id) {
    throw new Error(
      "WM_JOB_ID is not set: run the worker inside Windmill, or set it to the Windmill job UUID",
    );
  }
  return id;
}

async function readSettings(): Promise<Settings> {
  const apiUrl = trimSlash(await requiredVariable(VARIABLE_API_URL));
  const token = await requiredVariable(VARIABLE_INTERNAL_TOKEN);
  const capabilityUrl = await optionalVariable(VARIABLE_CAPABILITY_URL);
  const timeoutText = await optionalVariable(VARIABLE_ATTEMPT_TIMEOUT_MS);
  return {
    apiUrl,
    token,
    capabilityUrl: capabilityUrl ? trimSlash(capabilityUrl) : undefined,
    attemptTimeoutMs: parseTimeout(timeoutText),
  };
}

async function requiredVariable(path: string): Promise<string> {
  let value: unknown;
  try {
    value = await wmill.getVariable(path);
  } catch (e) {
    throw new Error(
      `cannot read Windmill variable ${path}: create it (see windmill/README.md), let the ` +
        `worker's user read it, and check Windmill answers at BASE_INTERNAL_URL. ${messageOf(e)}`,
    );
  }
  if (typeof value !== "string" || value.trim() === "") {
    throw new Error(`Windmill variable ${path} is empty: set it (see windmill/README.md)`);
  }
  return value.trim();
}

// Limitation: windmill-client's getVariable reports a missing variable and an unreachable
// Windmill the same way, so either makes an optional variable count as unset.
async function optionalVariable(path: string): Promise<string | undefined> {
  try {
    const value = await wmill.getVariable(path);
    return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
  } catch {
    return undefined;
  }
}

function parseTimeout(text: string | undefined): number {
  if (text === undefined) return DEFAULT_ATTEMPT_TIMEOUT_MS;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) {
    throw new Error(
      `Windmill variable ${VARIABLE_ATTEMPT_TIMEOUT_MS} must be a positive whole number ` +
        `of milliseconds, got "${text}"`,
    );
  }
  return value;
}

type ClaimAnswer = { lease: Lease } | { skipped: { reason: string; status?: string } };

async function claim(
  settings: Settings,
  jobId: string,
  attempt: number,
  claimant: string,
): Promise<ClaimAnswer> {
  const answer = await callApiWithRetry(settings, jobId, "claim", { attempt, claimant });
  if (answer.status === 409) {
    const body = answer.body ?? {};
    return {
      skipped: {
        reason: body.error?.reason ?? "Conflict",
        status: body.job?.status,
      },
    };
  }
  if (answer.status === 404) {
    throw new Error(`rsrch api does not know job ${jobId}: it was deleted or never created`);
  }
  expectOk(answer, "claim");
  const body = answer.body ?? {};
  if (typeof body.leaseToken !== "string" || typeof body.params?.query !== "string") {
    throw new Error("rsrch api answered the claim without leaseToken or params.query");
  }
  return {
    lease: {
      jobId,
      attempt,
      leaseToken: body.leaseToken,
      leaseSeconds: leaseSecondsOf(body),
      type: body.type ?? "deep-research",
      query: body.params.query,
      gem: body.params.gem ?? undefined,
      sessionId: body.sessionId ?? undefined,
      capabilityUrl: body.capabilityUrl ? trimSlash(body.capabilityUrl) : undefined,
    },
  };
}

function leaseSecondsOf(body: any): number {
  if (typeof body.leaseSeconds === "number" && body.leaseSeconds > 0) return body.leaseSeconds;
  const expiresAt = Date.parse(body.leaseExpiresAt ?? "");
  if (!Number.isNaN(expiresAt) && expiresAt > Date.now()) return (expiresAt - Date.now()) / 1000;
  return DEFAULT_LEASE_SECONDS;
}

/** Renews the lease every third of its length; `lost` aborts once the api says it is gone. */
function keepLease(settings: Settings, lease: Lease, log: (line: string) => void) {
  const lostController = new AbortController();
  const everyMs = Math.max(100, (lease.leaseSeconds * 1000) / 3);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const beat = async () => {
    const answer = await heartbeat(settings, lease, everyMs);
    if (stopped) return;
    if (answer === "lost") {
      log("heartbeat refused: lease lost, stopping the capability call");
      lostController.abort(new Error("lease lost"));
      return;
    }
    if (answer === "transient") log("WARN heartbeat failed, will try again");
    timer = setTimeout(beat, everyMs);
  };
  timer = setTimeout(beat, everyMs);

  return {
    lost: lostController.signal,
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}

async function heartbeat(
  settings: Settings,
  lease: Lease,
  timeoutMs: number,
): Promise<"renewed" | "lost" | "transient"> {
  try {
    const answer = await callApi(
      settings,
      lease.jobId,
      "heartbeat",
      { attempt: lease.attempt, leaseToken: lease.leaseToken },
      timeoutMs,
    );
    if (answer.status === 200) return "renewed";
    // 404: the job is gone, so is the lease.
    if (answer.status === 409 || answer.status === 404) return "lost";
    return "transient";
  } catch {
    return "transient";
  }
}

async function performDeepResearch(
  settings: Settings,
  lease: Lease,
  leaseLost: AbortSignal,
  log: (line: string) => void,
): Promise<Performance> {
  if (lease.type !== "deep-research") {
    // The stored job, not the Windmill argument, says what to do; another try cannot fix this.
    return {
      kind: "failure",
      reason: "InvalidSpec",
      message: `f/rsrch/worker serves deep-research jobs; this job is ${lease.type}`,
    };
  }
  const capabilityUrl = lease.capabilityUrl ?? settings.capabilityUrl;
  if (!capabilityUrl) {
    return {
      kind: "failure",
      reason: "CapabilityUnavailable",
      message:
        "no capability URL: the claim answer had none and Windmill variable " +
        `${VARIABLE_CAPABILITY_URL} is not set`,
    };
  }
  const deadline = Date.now() + settings.attemptTimeoutMs;

  for (;;) {
    if (leaseLost.aborted) return { kind: "lease-lost" };
    const remainingMs = deadline - Date.now();
    if (remainingMs <= 0) {
      return {
        kind: "failure",
        reason: "CapabilityUnavailable",
        message: "no free tab on the capability within the attempt timeout",
      };
    }
    log(`calling capability, timeout ${remainingMs} ms`);
    const answer = await callCapability(settings, capabilityUrl, lease, remainingMs, leaseLost);
    if (answer.kind !== "busy") return answer;

    const waitMs = answer.retryAfterSeconds * 1000;
    if (Date.now() + waitMs >= deadline) {
      return {
        kind: "failure",
        reason: "CapabilityUnavailable",
        message: "no free tab on the capability within the attempt timeout",
      };
    }
    log(`capability busy (429), calling again in ${answer.retryAfterSeconds}s`);
    await sleep(waitMs, leaseLost);
  }
}

async function callCapability(
  settings: Settings,
  capabilityUrl: string,
  lease: Lease,
  timeoutMs: number,
  leaseLost: AbortSignal,
): Promise<Performance | { kind: "busy"; retryAfterSeconds: number }> {
  const controller = new AbortController();
  const onLost = () => controller.abort(new Error("lease lost"));
  leaseLost.addEventListener("abort", onLost);
  const timer = setTimeout(
    () => controller.abort(new Error("capability timeout")),
    timeoutMs + CAPABILITY_GRACE_MS,
  );
  try {
    const response = await fetch(`${capabilityUrl}/internal/perform-deep-research`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${settings.token}` },
      body: JSON.stringify({
        jobId: lease.jobId,
        attempt: lease.attempt,
        query: lease.query,
        gem: lease.gem ?? null,
        sessionId: lease.sessionId ?? null,
        timeoutMs,
      }),
      signal: controller.signal,
    });
    const body = await readJson(response);
    return capabilityAnswer(response, body);
  } catch (e) {
    if (leaseLost.aborted) return { kind: "lease-lost" };
    if (controller.signal.aborted) {
      return {
        kind: "failure",
        reason: "Timeout",
        message: `capability did not answer within ${timeoutMs + CAPABILITY_GRACE_MS} ms`,
      };
    }
    return {
      kind: "failure",
      reason: "CapabilityUnavailable",
      message: `capability unreachable: ${messageOf(e)}`,
    };
  } finally {
    clearTimeout(timer);
    leaseLost.removeEventListener("abort", onLost);
  }
}

function capabilityAnswer(
  response: Response,
  body: any,
): Performance | { kind: "busy"; retryAfterSeconds: number } {
  if (response.status === 200) {
    const report = reportOf(body);
    if (!report) {
      // A 200 without a whole report is a failure, never a completed job.
      return {
        kind: "failure",
        reason: "SiteError",
        message: "capability answered 200 without a title, markdown and sources",
      };
    }
    return {
      kind: "report",
      report,
      capabilityPod: typeof body.pod === "string" ? body.pod : undefined,
    };
  }
  if (response.status === 429) {
    return { kind: "busy", retryAfterSeconds: retryAfterOf(response) };
  }
  if (response.status === 401 || response.status === 403) {
    return {
      kind: "failure",
      reason: "CapabilityUnavailable",
      message:
        `capability refused the token (${response.status}): ${VARIABLE_INTERNAL_TOKEN} ` +
        "must equal the capability's RSRCH_INTERNAL_TOKEN",
    };
  }
  const declared = body?.error?.reason;
  const reason = KNOWN_FAILURE_REASONS.has(declared)
    ? declared
    : response.status >= 500
      ? "CapabilityUnavailable"
      : "SiteError";
  const message =
    typeof body?.error?.message === "string"
      ? body.error.message
      : `capability answered ${response.status}`;
  return { kind: "failure", reason, message };
}

function reportOf(body: any): Report | undefined {
  if (
    !body ||
    typeof body.title !== "string" ||
    typeof body.markdown !== "string" ||
    body.markdown === ""
  )
    return undefined;
  if (!Array.isArray(body.sources)) return undefined;
  const sources = body.sources
    .filter((s: any) => s && typeof s.url === "string")
    .map((s: any) => ({ url: s.url, title: typeof s.title === "string" ? s.title : undefined }));
  return {
    title: body.title,
    markdown: body.markdown,
    sources,
    durationMs: typeof body.durationMs === "number" ? body.durationMs : 0,
  };
}

function retryAfterOf(response: Response): number {
  const seconds = Number(response.headers.get("retry-after"));
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : DEFAULT_RETRY_AFTER_SECONDS;
}

async function commit(
  settings: Settings,
  lease: Lease,
  performance: Extract<Performance, { kind: "report" } | { kind: "failure" }>,
  log: (line: string) => void,
): Promise<Outcome> {
  const { jobId, attempt, leaseToken } = lease;
  const wanted = performance.kind === "report" ? "completed" : "failed";
  const answer =
    performance.kind === "report"
      ? await callApiWithRetry(settings, jobId, "complete", {
          attempt,
          leaseToken,
          report: performance.report,
          capabilityPod: performance.capabilityPod ?? null,
        })
      : await callApiWithRetry(settings, jobId, "fail", {
          attempt,
          leaseToken,
          reason: performance.reason,
          message: performance.message,
        });

  // 409: the lease moved on (a newer attempt, a cancel). 404: the job was deleted meanwhile.
  if (answer.status === 409 || answer.status === 404) {
    log(`commit ${wanted} refused (${answer.status}): a newer state stays`);
    return { outcome: "refused", jobId, attempt, wanted };
  }
  expectOk(answer, performance.kind === "report" ? "complete" : "fail");
  const result: CommitResult =
    answer.body?.result === "already_applied" ? "already_applied" : "applied";

  if (performance.kind === "report") {
    const { report, capabilityPod } = performance;
    log(`processing -> completed (${result}), ${report.sources.length} sources`);
    return {
      outcome: "completed",
      jobId,
      attempt,
      result,
      title: report.title,
      sources: report.sources.length,
      durationMs: report.durationMs,
      capabilityPod,
    };
  }
  log(`processing -> failed (${result}): ${performance.reason}`);
  return { outcome: "failed", jobId, attempt, result, reason: performance.reason };
}

interface ApiAnswer {
  status: number;
  body: any;
}

/** Calls an idempotent api route, retrying network errors and 5xx with doubling back-off. */
async function callApiWithRetry(
  settings: Settings,
  jobId: string,
  step: string,
  body: unknown,
): Promise<ApiAnswer> {
  let backoffMs = API_FIRST_BACKOFF_MS;
  let lastProblem = "";
  for (let round = 1; round <= API_ATTEMPTS; round++) {
    try {
      const answer = await callApi(settings, jobId, step, body, API_REQUEST_TIMEOUT_MS);
      if (answer.status < 500) return answer;
      lastProblem = `status ${answer.status}`;
    } catch (e) {
      lastProblem = messageOf(e);
    }
    if (round < API_ATTEMPTS) {
      console.log(
        `rsrch-worker job=${jobId} WARN ${step} failed (${lastProblem}), retry in ${backoffMs} ms`,
      );
      await sleep(backoffMs);
      backoffMs *= 2;
    }
  }
  throw new Error(
    `rsrch api ${step} failed ${API_ATTEMPTS} times (last: ${lastProblem}): ` +
      `check ${VARIABLE_API_URL} and that the api is up`,
  );
}

async function callApi(
  settings: Settings,
  jobId: string,
  step: string,
  body: unknown,
  timeoutMs: number,
): Promise<ApiAnswer> {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new Error(`no answer within ${timeoutMs} ms`)),
    timeoutMs,
  );
  try {
    const response = await fetch(
      `${settings.apiUrl}/internal/jobs/${encodeURIComponent(jobId)}/${step}`,
      {
        method: "POST",
        headers: { "Content-Type": "application/json", Authorization: `Bearer ${settings.token}` },
        body: JSON.stringify(body),
        signal: controller.signal,
      },
    );
    return { status: response.status, body: await readJson(response) };
  } finally {
    clearTimeout(timer);
  }
}

function expectOk(answer: ApiAnswer, step: string) {
  if (answer.status === 401 || answer.status === 403) {
    throw new Error(
      `rsrch api refused the token on ${step} (${answer.status}): Windmill variable ` +
        `${VARIABLE_INTERNAL_TOKEN} must equal the api's RSRCH_INTERNAL_TOKEN`,
    );
  }
  if (answer.status !== 200) {
    const message = answer.body?.error?.message ?? "";
    throw new Error(
      `rsrch api answered ${answer.status} to ${step}${message ? `: ${message}` : ""}`,
    );
  }
}

async function readJson(response: Response): Promise<any> {
  const text = await response.text();
  if (text === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Waits, ending early (without throwing) when the signal aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done);
  });
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, "");
}

function messageOf(e: unknown): string {
  if (e instanceof Error) {
    const cause = (e as { cause?: unknown }).cause;
    return cause instanceof Error ? `${e.message} (${cause.message})` : e.message;
  }
  return String(e);
}
