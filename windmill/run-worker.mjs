// Runs f/rsrch/worker once, the way a Windmill worker would, for the Java test suite and for
// trying the worker by hand without a Windmill server.
//
//   node windmill/run-worker.mjs '{"jobId":"...","attempt":1,"type":"deep-research"}'
//
// The environment gives what Windmill gives a job: BASE_INTERNAL_URL (or BASE_URL), WM_TOKEN,
// WM_WORKSPACE, WM_JOB_ID. The worker's log lines go to stdout; its result is the LAST line of
// stdout, as JSON. Exit status 0 when main returned, 1 when it threw (message on stderr).

import { register } from "tsx/esm/api";

register();

const usage = `usage: node run-worker.mjs '{"jobId":"...","attempt":1,"type":"deep-research"}'`;

function parseArgs(text) {
  if (!text) throw new Error(usage);
  let args;
  try {
    args = JSON.parse(text);
  } catch {
    throw new Error(`arguments are not JSON. ${usage}`);
  }
  if (args === null || typeof args !== "object" || Array.isArray(args)) {
    throw new Error(`arguments must be a JSON object. ${usage}`);
  }
  return args;
}

function exit(code) {
  // Exit once stdout is flushed: a pipe reader must see the result line.
  process.stdout.write("", () => process.exit(code));
}

try {
  const args = parseArgs(process.argv[2]);
  const { main } = await import(new URL("./f/rsrch/worker.ts", import.meta.url).href);
  const result = await main(args.jobId, args.attempt, args.type ?? "deep-research");
  process.stdout.write(`${JSON.stringify(result)}\n`);
  exit(0);
} catch (e) {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  exit(1);
}
