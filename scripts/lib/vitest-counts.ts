// The counts `npm test` prints for a vitest stage, from vitest's JSON report. Vitest reports the tests of a suite
// whose beforeAll threw as "skipped" (numFailedTests stays 0), with only the file's status saying "failed": such a
// test could not run, so it counts as failed, not skipped. In a failed file with no failed test, every skipped test
// counts as failed (a deliberate .skip there is counted failed too: wrong on the safe side), and a failed file
// without any test (it could not even be collected) counts as one failure.

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

interface AssertionResult {
  status: string;
}

export interface VitestJsonReport {
  testResults?: { status?: string; assertionResults?: AssertionResult[] }[];
}

export function vitestReportCounts(report: VitestJsonReport, exitCode: number): Counts {
  const counts: Counts = { passed: 0, failed: 0, skipped: 0 };
  for (const file of report.testResults ?? []) {
    const results = file.assertionResults ?? [];
    const count = (...statuses: string[]) => results.filter((result) => statuses.includes(result.status)).length;
    const failed = count("failed");
    const skipped = count("skipped", "pending", "todo");
    counts.passed += count("passed");
    if (file.status === "failed" && failed === 0) {
      counts.failed += Math.max(1, skipped);
    } else {
      counts.failed += failed;
      counts.skipped += skipped;
    }
  }
  // A failing exit with nothing counted failed (a crash, a global setup error) is still a failure.
  if (exitCode !== 0 && counts.failed === 0) counts.failed = 1;
  return counts;
}
