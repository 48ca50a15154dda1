// TRAILPROOF_PROFILE=1: each phase of a command line run, on stderr, as milliseconds since the process started and
// since the previous mark. For finding where a run's time goes (`npm run bench` asks where it goes); silent otherwise.

const enabled = process.env.TRAILPROOF_PROFILE === "1";
let previous = 0;

export function profileMark(phase: string): void {
  if (!enabled) return;
  const now = performance.now();
  process.stderr.write(`[profile] ${now.toFixed(0).padStart(6)} ms  +${(now - previous).toFixed(0).padStart(5)} ms  ${phase}\n`);
  previous = now;
}
