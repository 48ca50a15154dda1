// The cost of the npm package's Chromium (@sparticuz/chromium) to PDF export: the first export after a start (the
// browser unpacked from node_modules into an empty temporary directory, launched, the report printed) next to
// steady-state exports (already unpacked: launch and print, as every export does), in one run on the same report.
// The print is the part of an export that uses the browser; the database reads and the bundle are not included.
// Appends a Markdown row to BENCHMARKS-pdf-browser.md. Usage: tsx scripts/bench-pdf-browser.ts [flagged-files=500] [steady-runs=3]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { resolveChromium } from "@/lib/services/evidence/chromium";
import { printReportPdf } from "@/lib/services/evidence/print-pdf";
import { flaggedFile, reportFixture } from "@/lib/services/evidence/report-fixture";

const FILES = Number(process.argv[2] ?? 500);
const STEADY_RUNS = Number(process.argv[3] ?? 3);
const OUTPUT = "BENCHMARKS-pdf-browser.md";
const manifest = { sha256: "c".repeat(64), text: `${"d".repeat(64)}  evidence.json\n` };

async function seconds<T>(work: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await work();
  return [(performance.now() - started) / 1000, result];
}

async function main(): Promise<void> {
  // An empty temporary directory is what a machine has after a reboot: the package unpacks its browser there.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "trailproof-bench-chromium-"));
  process.env.TMPDIR = scratch;
  delete process.env.CHROMIUM_PATH;
  const noInstalledBrowser = { env: {}, platform: process.platform, arch: process.arch, isExecutable: () => false };
  const unpack = async () => (await import("@sparticuz/chromium")).default.executablePath();
  const model = reportFixture(Array.from({ length: FILES }, (_, n) => flaggedFile(n)));
  try {
    const [unpackSeconds, browser] = await seconds(() => resolveChromium({ ...noInstalledBrowser, unpackNpmChromium: unpack }));
    if (browser.source !== "npm" || !browser.executablePath.startsWith(scratch)) throw new Error(`expected the npm browser unpacked in ${scratch}, got ${browser.executablePath}`);
    const [firstPrintSeconds, first] = await seconds(() => printReportPdf(model, manifest, browser));
    const steady: number[] = [];
    for (let i = 0; i < STEADY_RUNS; i++) {
      const [again] = await seconds(async () => printReportPdf(model, manifest, await resolveChromium({ ...noInstalledBrowser, unpackNpmChromium: unpack })));
      steady.push(again);
    }
    steady.sort((a, b) => a - b);
    const median = steady[Math.floor(steady.length / 2)]!;
    const f = (s: number) => `${s.toFixed(2)} s`;
    const row = `| ${new Date().toISOString().slice(0, 16)}Z | ${FILES} files, ${first.pages} pages | ${f(unpackSeconds)} | ${f(unpackSeconds + firstPrintSeconds)} | ${f(median)} (${steady.map(f).join(", ")}) | ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)} |`;
    if (!fs.existsSync(OUTPUT)) {
      fs.writeFileSync(OUTPUT, [
        "# PDF export with the npm package's Chromium (scripts/bench-pdf-browser.ts)",
        "",
        "First export after a start: @sparticuz/chromium unpacked into an empty temporary directory, launched, the report printed",
        "(two prints: skeleton and final). Steady state: already unpacked, launched and printed, as every later export.",
        "",
        "| when | report | unpack | first export (unpack + launch + print) | steady-state export, median (each) | machine |",
        "|---|---|---|---|---|---|",
        "",
      ].join("\n"));
    }
    fs.appendFileSync(OUTPUT, `${row}\n`);
    console.log(row);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
