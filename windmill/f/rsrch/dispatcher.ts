// Windmill script f/rsrch/dispatcher: starts the worker script that serves a job's type.
//
// The operator normally starts f/rsrch/worker itself; this script does the same from inside
// Windmill (a schedule, a flow, a manual run). The worker job gets a UUID derived from
// (job id, attempt), so dispatching the same attempt twice starts one worker: Windmill refuses a
// second job with a UUID it already holds, and this script reports that as already dispatched.

import * as wmill from "windmill-client";

export const WORKER_PATHS: Record<string, string | undefined> = {
  "deep-research": "f/rsrch/worker",
};

/** The RFC 4122 URL namespace; the Java side derives the same UUIDs from it. */
export const ATTEMPT_NAMESPACE = "6ba7b811-9dad-11d1-80b4-00c04fd430c8";

export interface Dispatch {
  jobId: string;
  attempt: number;
  workerPath: string;
  windmillJobId: string;
  started: boolean;
}

export async function main(
  jobId: string,
  attempt: number,
  type: string = "deep-research",
): Promise<Dispatch> {
  if (typeof jobId !== "string" || jobId.trim() === "") {
    throw new Error("jobId must be a non-empty string");
  }
  if (!Number.isInteger(attempt) || attempt < 1) {
    throw new Error(`attempt must be a whole number from 1, got ${attempt}`);
  }
  const workerPath = workerPathFor(type);
  const windmillJobId = await attemptJobUuid(jobId, attempt);
  wmill.setClient();
  const workspace = workspaceId();

  try {
    // No parentJob: the worker must outlive this short script, and cancelling a dispatch must not
    // cancel the research it started.
    await wmill.JobService.runScriptByPath({
      workspace,
      path: workerPath,
      jobId: windmillJobId,
      requestBody: { jobId, attempt, type },
    });
  } catch (e) {
    if (!(await alreadyExists(workspace, e, windmillJobId))) throw e;
    console.log(
      `rsrch-dispatcher job=${jobId} attempt=${attempt} already dispatched as ${windmillJobId}`,
    );
    return { jobId, attempt, workerPath, windmillJobId, started: false };
  }
  console.log(
    `rsrch-dispatcher job=${jobId} attempt=${attempt} started ${workerPath} as ${windmillJobId}`,
  );
  return { jobId, attempt, workerPath, windmillJobId, started: true };
}

/** The worker script path for a job type; throws for types no worker serves yet. */
export function workerPathFor(type: string): string {
  if (type === "audio-overview") {
    throw new Error(
      "audio-overview jobs are not supported yet: no Windmill worker script serves them",
    );
  }
  const path = WORKER_PATHS[type];
  if (!path)
    throw new Error(
      `unknown job type "${type}": expected one of ${Object.keys(WORKER_PATHS).join(", ")}`,
    );
  return path;
}

/**
 * The Windmill job UUID of one attempt: a name-based UUID, version 5 (RFC 4122 section 4.3: SHA-1
 * over the namespace's 16 bytes followed by the name's UTF-8 bytes, first 16 bytes of the digest,
 * version nibble 5, variant bits 10), in the URL namespace, of the name `rsrch:{jobId}:{attempt}`.
 * Java: the same bytes through MessageDigest("SHA-1"), since java.util.UUID only offers version 3.
 */
export async function attemptJobUuid(jobId: string, attempt: number): Promise<string> {
  const name = new TextEncoder().encode(`rsrch:${jobId}:${attempt}`);
  const namespace = uuidBytes(ATTEMPT_NAMESPACE);
  const input = new Uint8Array(namespace.length + name.length);
  input.set(namespace, 0);
  input.set(name, namespace.length);

  const bytes = new Uint8Array(await crypto.subtle.digest("SHA-1", input)).slice(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  return uuidText(bytes);
}

function uuidBytes(uuid: string): Uint8Array {
  const hex = uuid.replace(/-/g, "");
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 16; i++) bytes[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

function uuidText(bytes: Uint8Array): string {
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  const groups = [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20)];
  return [...groups, hex.slice(20)].join("-");
}

/** The workspace Windmill runs this job in (windmill-client reads the same variable). */
function workspaceId(): string {
  const workspace = process.env.WM_WORKSPACE;
  if (!workspace)
    throw new Error(
      "WM_WORKSPACE is not set: run the dispatcher inside Windmill, or set it to the workspace id",
    );
  return workspace;
}

/** Windmill answers 400 to a job UUID it holds already; a lookup tells that from other 400s. */
async function alreadyExists(
  workspace: string,
  error: unknown,
  windmillJobId: string,
): Promise<boolean> {
  if ((error as { status?: number })?.status !== 400) return false;
  try {
    await wmill.JobService.getJob({ workspace, id: windmillJobId, noLogs: true, noCode: true });
    return true;
  } catch {
    return false;
  }
}
