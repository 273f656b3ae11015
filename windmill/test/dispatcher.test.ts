// The dispatcher's attempt UUID and its start of the worker, against a fake Windmill.

import { test, afterEach } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";

import { attemptJobUuid, main, workerPathFor } from "../f/rsrch/dispatcher.ts";
import { fakeWindmill, type Server } from "./fakes.ts";

// Computed apart from the dispatcher's code: RFC 4122 version 5 with node:crypto's SHA-1.
function expectedUuid(name: string): string {
  const namespace = Buffer.from("6ba7b8119dad11d180b400c04fd430c8", "hex");
  const digest = createHash("sha1").update(namespace).update(name, "utf8").digest();
  digest[6] = (digest[6] & 0x0f) | 0x50;
  digest[8] = (digest[8] & 0x3f) | 0x80;
  const hex = digest.subarray(0, 16).toString("hex");
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    hex.slice(12, 16),
    hex.slice(16, 20),
    hex.slice(20, 32),
  ].join("-");
}

let servers: Server[] = [];

afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

test("theAttemptUuidIsTheVersion5UuidOfTheAttemptName", async () => {
  for (const [jobId, attempt] of [
    ["job-7f3a", 1],
    ["job-7f3a", 2],
    ["3f6c1d2e-research", 3],
  ] as const) {
    assert.equal(await attemptJobUuid(jobId, attempt), expectedUuid(`rsrch:${jobId}:${attempt}`));
  }
});

// Fixed values from a third implementation (Python's uuid.uuid5(uuid.NAMESPACE_URL, name)); the
// Java side's tests must reproduce the same ones.
test("theAttemptUuidMatchesFixedValuesTheJavaSideMustReproduce", async () => {
  assert.equal(await attemptJobUuid("job-7f3a", 1), "f31b945f-c84e-53f2-a3e6-e60c2ce4e2c1");
  assert.equal(await attemptJobUuid("job-7f3a", 2), "3e8fd37e-e607-5139-acce-ccb8c0ecb8ec");
  assert.equal(
    await attemptJobUuid("3f6c1d2e-9b7a-4c1e-8f00-5d2a1b3c4e5f", 1),
    "88b5e828-069c-57a4-ae1f-55bc613e3527",
  );
});

test("theAttemptUuidIsDeterministicAndDiffersPerAttempt", async () => {
  const first = await attemptJobUuid("job-7f3a", 1);

  assert.equal(await attemptJobUuid("job-7f3a", 1), first);
  assert.notEqual(await attemptJobUuid("job-7f3a", 2), first);
  assert.notEqual(await attemptJobUuid("job-7f3b", 1), first);
});

test("routesDeepResearchToTheWorkerAndRefusesAudioOverview", () => {
  assert.equal(workerPathFor("deep-research"), "f/rsrch/worker");
  assert.throws(() => workerPathFor("audio-overview"), /not supported yet/);
  assert.throws(() => workerPathFor("poetry"), /unknown job type/);
});

test("startsTheWorkerByPathWithTheAttemptUuidOnceOnly", async () => {
  const windmill = await fakeWindmill({});
  servers.push(windmill);
  windmill.useAsWindmill("0190c7a2-0000-7000-8000-0000000000aa");

  const first = await main("job-7f3a", 1, "deep-research");
  const second = await main("job-7f3a", 1, "deep-research");

  const uuid = expectedUuid("rsrch:job-7f3a:1");
  assert.deepEqual(first, {
    jobId: "job-7f3a",
    attempt: 1,
    workerPath: "f/rsrch/worker",
    windmillJobId: uuid,
    started: true,
  });
  assert.equal(second.started, false);
  assert.deepEqual(windmill.runs, [
    {
      path: "f/rsrch/worker",
      jobId: uuid,
      args: { jobId: "job-7f3a", attempt: 1, type: "deep-research" },
    },
  ]);
});
