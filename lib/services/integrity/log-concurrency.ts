// How many log files of one digest are fetched and hashed at once (the report keeps awscli's order whatever
// finishes first). CloudTrail lists 24 or so log files per hourly digest: 32 lets a whole digest's files be in
// flight together, so each digest costs about one round trip rather than two (measured: the +20 ms setting of
// `npm run bench`). TRAILPROOF_LOG_CONCURRENCY overrides it (1 reads them one after the other, as awscli does).

export const DEFAULT_LOG_CONCURRENCY = 32;

export function logConcurrency(env: Partial<Record<string, string>> = process.env): number {
  const configured = Number(env.TRAILPROOF_LOG_CONCURRENCY);
  return Number.isInteger(configured) && configured >= 1 ? Math.min(configured, 256) : DEFAULT_LOG_CONCURRENCY;
}
