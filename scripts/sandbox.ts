// `npm run sandbox -- [--port 4566] [--seed 7] [--members 6] [--regions us-east-1,eu-west-1]`
//                   [--hours 24] [--logs-per-hour N] [--log-kib 6]   (file volume per chain: scale mode)
// Runs the local AWS organization alone, so anyone can point the AWS CLI or TrailProof at it. Ctrl-C stops it.
// `npm run sandbox -- tamper modify-log|delete-log|delete-newest-digest|stop-logging|restore [--trail NAME]`
// tampers with the running one (this command's or npm start's), for demos and tests (docs/demo.md).
import path from "node:path";
import { parseArgs } from "node:util";
import { dataDir } from "@/lib/data-dir";
import { startLiveDelivery } from "@/lib/sandbox/live-delivery";
import { LIVE_TAMPER_KINDS, restoreRunning, tamperRunning, type LiveTamperKind } from "@/lib/sandbox/live-tamper";
import { DEFAULT_OPTIONS, DEMO_FILE_VOLUME, type SandboxOptions } from "@/lib/sandbox/plan";
import { startSandbox } from "@/lib/sandbox/sandbox";
import { seedDemoFiles } from "@/lib/sandbox/seed-files";


process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

function fail(message: string): never {
  console.error(`sandbox: ${message}`);
  process.exit(2);
}

if (process.argv[2] === "tamper") {
  const { values: options, positionals } = parseArgs({
    args: process.argv.slice(3),
    options: { trail: { type: "string" }, "state-dir": { type: "string" } },
    allowPositionals: true,
    strict: true,
  });
  const what = positionals[0] ?? "";
  const kinds = [...LIVE_TAMPER_KINDS, "restore"];
  if (positionals.length !== 1 || !kinds.includes(what)) fail(`tamper what? one of ${kinds.join(", ")} (then --trail NAME to choose the trail)`);
  const stateDir = options["state-dir"] ?? path.join(dataDir(), "sandbox");
  const outcome = await (what === "restore" ? restoreRunning(stateDir) : tamperRunning(stateDir, what as LiveTamperKind, options.trail)).catch((error: Error) => fail(error.message));
  for (const change of outcome.changes) console.log(`sandbox: ${outcome.trail ? `${outcome.trail}: ` : ""}${change}`);
  process.exit(0);
}

const { values } = parseArgs({
  options: {
    port: { type: "string", default: "4566" },
    seed: { type: "string", default: String(DEFAULT_OPTIONS.seed) },
    members: { type: "string", default: String(DEFAULT_OPTIONS.members) },
    regions: { type: "string", default: DEFAULT_OPTIONS.regions.join(",") },
    // Scale mode, for benchmarks: hours of files per chain, log files per hour, and their size.
    hours: { type: "string", default: String(DEMO_FILE_VOLUME.hours) },
    "logs-per-hour": { type: "string" },
    "log-kib": { type: "string", default: String(DEMO_FILE_VOLUME.logBytes / 1024) },
  },
  strict: true,
});
const number = (name: string, text: string, min: number, max: number) => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) fail(`--${name} must be a whole number from ${min} to ${max}`);
  return value;
};

const options: SandboxOptions = {
  seed: number("seed", values.seed, 0, 2 ** 31),
  members: number("members", values.members, 1, 1000),
  regions: values.regions.split(",").map((r) => r.trim()).filter(Boolean),
  files: {
    hours: number("hours", values.hours, 16, 24 * 365),
    logsPerHour: values["logs-per-hour"]
      ? [number("logs-per-hour", values["logs-per-hour"], 1, 1000), number("logs-per-hour", values["logs-per-hour"], 1, 1000)]
      : DEMO_FILE_VOLUME.logsPerHour,
    logBytes: Math.round(Number(values["log-kib"]) * 1024) || DEMO_FILE_VOLUME.logBytes,
  },
};

const sandbox = await startSandbox({
  port: number("port", values.port, 1, 65535),
  options,
  stateDir: path.join(dataDir(), "sandbox"),
  seedFiles: seedDemoFiles,

  log: (line) => console.log(`sandbox: ${line}`),
}).catch((error: Error) => fail(error.message));

console.log(`sandbox: ${sandbox.seededNow ? "seeded" : "already seeded"} in ${sandbox.seconds.toFixed(1)} s`);
console.log(`endpoint: ${sandbox.endpoint}`);
console.log(`manifest: ${sandbox.manifestPath}`);
console.log(`try:      AWS_ENDPOINT_URL=${sandbox.endpoint} AWS_ACCESS_KEY_ID=testing AWS_SECRET_ACCESS_KEY=testing aws cloudtrail describe-trails --region us-east-1`);
// It logs on while it runs, as CloudTrail does (TRAILPROOF_DEMO_DELIVERY=0: it stays at its seeded hours).
const delivery = sandbox.manifest.integrity && process.env.TRAILPROOF_DEMO_DELIVERY !== "0"
  ? startLiveDelivery({ endpoint: sandbox.endpoint, options, manifest: sandbox.manifest }, (line) => console.log(`sandbox: ${line}`))
  : undefined;
const stop = () => {
  delivery?.stop();
  void sandbox.stop().then(() => process.exit(0));
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);
