// The evidence report at scale: seeds 10,000 INVALID log-file verdicts (plus the usual scan and findings) in a scratch
// database, then times one organization export (model, bundle, two Chromium prints, zip, record) and its peak memory:
// this process's and the whole process tree's (Chromium's renderer does most of the work). Prints a Markdown row and
// appends it to BENCHMARKS-report.md. Usage: tsx scripts/bench-report.ts [invalid-files=10000]
import fs from "node:fs";
import os from "node:os";
import pg from "pg";
import { createPrismaClient } from "@/lib/db/client";
import { provideDatabase } from "@/lib/db/provide";
import { exportEvidence } from "@/lib/services/evidence/export-evidence";
import { SEED, seedEvidence } from "@/lib/services/evidence/seed-evidence";

const INVALID = Number(process.argv[2] ?? 10_000);
const OUTPUT = "BENCHMARKS-report.md";

/**
 * Memory of this process and all its descendants (Chromium's browser, GPU-less renderer, utility processes), from
 * /proc (Linux), in KiB. Proportional set size, not RSS: Chromium's processes share most of their pages, and summing
 * RSS would count those once per process.
 */
function treeMemoryKiB(root: number): number {
  const children = new Map<number, number[]>();
  for (const entry of fs.readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      children.set(parent, [...(children.get(parent) ?? []), Number(entry)]);
    } catch {
      // the process ended while we looked
    }
  }
  let total = 0;
  const pending = [root];
  for (let pid = pending.pop(); pid !== undefined; pid = pending.pop()) {
    try {
      total += Number(/^Pss:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"))?.[1] ?? 0);
    } catch {
      // ended, or not ours to read
    }
    pending.push(...(children.get(pid) ?? []));
  }
  return total;
}

const database = await provideDatabase({ cluster: "bench-pgdata", database: `bench_report_${Date.now()}`, preferredPort: 54359 });
// The owner drops the scratch database at the end; the report itself runs as the application role, as the product does.
const url = new URL(database.ownerUrl);
const prisma = createPrismaClient(database.url);
try {
  const seedStarted = performance.now();
  await seedEvidence(prisma, INVALID);
  const seedSeconds = (performance.now() - seedStarted) / 1000;

  let peakTree = 0;
  const sampler = setInterval(() => (peakTree = Math.max(peakTree, treeMemoryKiB(process.pid))), 200);
  const started = performance.now();
  const result = await exportEvidence(prisma, { scope: { kind: "organization" }, window: SEED.window, requestedBy: "bench" });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const nodePeakMiB = process.resourceUsage().maxRSS / 1024;

  const row = `| ${new Date().toISOString()} | ${os.cpus().length} × ${os.cpus()[0]?.model.trim() ?? "cpu"} | ${INVALID} | ${result.pages} (${result.prints} prints) | ${(result.pdf.length / 1048576).toFixed(1)} MB | ${(result.bundle.length / 1048576).toFixed(1)} MB | ${seedSeconds.toFixed(1)} s | **${seconds.toFixed(1)} s** | ${nodePeakMiB.toFixed(0)} MiB | ${(peakTree / 1024).toFixed(0)} MiB |`;
  if (!fs.existsSync(OUTPUT)) {
    fs.writeFileSync(
      OUTPUT,
      `# Evidence report benchmark\n\nOne organization export (load, JSON/CSV/manifest, two Chromium prints for the table of contents, zip, stored record) over a validation run with N INVALID log files. Written by \`tsx scripts/bench-report.ts\`. Peak memory: Node's max RSS, and the peak of Node + Chromium together (proportional set size, sampled every 200 ms).\n\n| run at | cores | INVALID files | pages | PDF | zip | seed | export | Node peak | Node + Chromium peak |\n|---|---|---|---|---|---|---|---|---|---|\n`,
    );
  }
  fs.appendFileSync(OUTPUT, `${row}\n`);
  console.log(row);
} finally {
  await prisma.$disconnect();
  // The scratch database goes; the embedded server stops if this script started it.
  const admin = new pg.Client({ connectionString: Object.assign(new URL(url), { pathname: "/postgres" }).toString() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${url.pathname.slice(1)}" WITH (FORCE)`);
  await admin.end();
  await database.stop();
}
