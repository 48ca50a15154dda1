// `npm test`: every check, in order of speed: lint, types, unit, integration (real PostgreSQL), the local AWS
// emulator's own tests, then end-to-end in Chromium against the production build. Every stage runs even when an
// earlier one failed, so one run shows everything; the last line counts all tests: "total: N passed, N failed".
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { type Counts, type VitestJsonReport, vitestReportCounts } from "./lib/vitest-counts";

const require = createRequire(import.meta.url);
const REPORTS = path.resolve("test-results");


interface Stage {
  name: string;
  command: string[];
  /** Reads the stage's test counts after it ran; stages without tests (lint, types) count as one check. */
  counts?: (exitCode: number, output: string) => Counts;
  /** Capture output (still echoed) for `counts` to read. */
  capture?: boolean;
  env?: Record<string, string>;
}

const bin = (pkg: string, file: string) => path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);

function vitestCounts(report: string) {
  return (exitCode: number): Counts => {
    if (!fs.existsSync(report)) return { passed: 0, failed: Math.max(1, exitCode), skipped: 0 };
    return vitestReportCounts(JSON.parse(fs.readFileSync(report, "utf8")) as VitestJsonReport, exitCode);
  };
}

function vitestStage(project: string): Stage {
  const report = path.join(REPORTS, `${project}.json`);
  return {
    name: `${project} tests`,
    command: [process.execPath, bin("vitest", "vitest.mjs"), "run", "--project", project, "--reporter=default", "--reporter=json", `--outputFile.json=${report}`],
    counts: vitestCounts(report),
  };
}

const playwrightCounts = (reportName: string) => (exitCode: number): Counts => {
  const report = path.join(REPORTS, reportName);
  if (!fs.existsSync(report)) return { passed: 0, failed: Math.max(1, exitCode), skipped: 0 };
  const { stats } = JSON.parse(fs.readFileSync(report, "utf8")) as { stats: Record<string, number> };
  const failed = (stats.unexpected ?? 0) + (exitCode !== 0 && !stats.unexpected ? 1 : 0);
  return { passed: (stats.expected ?? 0) + (stats.flaky ?? 0), failed, skipped: stats.skipped ?? 0 };
};

/** Python's unittest ends with "Ran N tests" and "OK (skipped=K)" or "FAILED (failures=F, errors=E, skipped=K)". */
function unittestCounts(exitCode: number, output: string): Counts {
  const ran = Number(/Ran (\d+) tests?/.exec(output)?.[1] ?? 0);
  if (ran === 0) return { passed: 0, failed: exitCode === 0 ? 0 : 1, skipped: 0 };
  const field = (name: string) => Number(new RegExp(`${name}=(\\d+)`).exec(output)?.[1] ?? 0);
  const skipped = field("skipped");
  const failed = field("failures") + field("errors");
  return { passed: ran - failed - skipped, failed: failed || (exitCode === 0 ? 0 : 1), skipped };
}

const stages: Stage[] = [
  { name: "lint", command: [process.execPath, bin("eslint", "bin/eslint.js"), "--max-warnings", "0", "."] },
  { name: "typecheck", command: [process.execPath, bin("typescript", "bin/tsc"), "--noEmit"] },
  vitestStage("unit"),
  vitestStage("integration"),
  {
    // The local AWS organization's emulator: moto plus TrailProof's additions, checked with boto3 and the AWS CLI.
    name: "sandbox emulator",
    command: [process.env.TRAILPROOF_PYTHON ?? "python3", "-m", "unittest", "discover", "-s", "lib/sandbox/moto", "-p", "test_*.py"],
    counts: unittestCounts,
    capture: true,
  },
  {
    name: "end-to-end tests",
    command: [process.execPath, bin("@playwright/test", "cli.js"), "test"],
    counts: playwrightCounts("e2e-report.json"),
  },
  {
    // A real OpenID Connect provider and a TrailProof configured for it: sign-in, roles, sessions (after the suite
    // above, which builds the app).
    name: "sign-in end-to-end",
    command: [process.execPath, bin("@playwright/test", "cli.js"), "test", "--config", "playwright.sign-in.config.ts"],
    counts: playwrightCounts("e2e-sign-in-report.json"),
  },
];

fs.rmSync(REPORTS, { recursive: true, force: true });
fs.mkdirSync(REPORTS, { recursive: true });
const results: { name: string; ok: boolean; counts: Counts; seconds: number }[] = [];
for (const stage of stages) {
  console.log(`\n=== ${stage.name} ===`);
  const started = Date.now();
  const run = spawnSync(stage.command[0]!, stage.command.slice(1), {
    stdio: stage.capture ? ["ignore", "pipe", "pipe"] : "inherit",
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1", ...stage.env },
  });
  const output = `${run.stdout ?? ""}${run.stderr ?? ""}`;
  if (stage.capture) process.stdout.write(output);
  if (run.error) console.error(`could not run ${stage.command[0]}: ${run.error.message}`);
  const exitCode = run.status ?? 1;
  const counts = stage.counts?.(exitCode, output) ?? { passed: exitCode === 0 ? 1 : 0, failed: exitCode === 0 ? 0 : 1, skipped: 0 };
  results.push({ name: stage.name, ok: exitCode === 0 && counts.failed === 0, counts, seconds: (Date.now() - started) / 1000 });
}

console.log("\n=== summary ===");
for (const r of results) {
  const { passed, failed, skipped } = r.counts;
  console.log(`${r.ok ? "ok  " : "FAIL"}  ${r.name.padEnd(20)} ${passed} passed, ${failed} failed, ${skipped} skipped  (${r.seconds.toFixed(1)} s)`);
}
const total = results.reduce((sum, r) => ({
  passed: sum.passed + r.counts.passed,
  failed: sum.failed + r.counts.failed,
  skipped: sum.skipped + r.counts.skipped,
}), { passed: 0, failed: 0, skipped: 0 });
console.log(`total: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(results.every((r) => r.ok) ? 0 : 1);
