import type PgBoss from "pg-boss";
import type { Database } from "@/lib/db/client";
import { enabledChannelIds } from "@/lib/db/notifications-repository";
import { JOB_OPTIONS, NOTIFY_QUEUE } from "@/lib/jobs/queues";
import type { AlertNotice } from "@/lib/services/alerts/alert-notice";
import { deliverToChannel, type DeliveryDependencies, type DeliveryResult } from "@/lib/services/notifications/deliver";
import { byWorstFirst } from "@/lib/services/notifications/messages";

// Newly opened alerts reach people through the queue: one job per enabled channel per batch, so a slow or failing
// receiver is retried on its own (with backoff) and never holds up the run that raised the alerts, nor the other
// channels. The job carries the notices and the channel's id, never a secret: the handler reads and decrypts the
// channel when it sends, so a channel switched off or removed meanwhile gets nothing.

export interface NotifyJob {
  channelId: string;
  /** The notices as JSON (dates as ISO strings). */
  notices: (Omit<AlertNotice, "firstSeen" | "lastSeen"> & { firstSeen: string; lastSeen: string })[];
}

export interface QueueOptions {
  /** Seconds before the first retry (doubled each time, with jitter): the queue's 30 unless a test shortens it. */
  retryDelay?: number;
}

/**
 * The most alerts one message carries. A run that opens thousands (a deleted prefix: every file missing) sends them in
 * messages of this many, worst first: a receiver gets bodies of a few hundred kilobytes at most, and a job's payload
 * stays small.
 */
export const MAX_NOTICES_PER_MESSAGE = 100;

/**
 * Queues `notices` (one batch: what one run newly opened) for every enabled channel, one job per channel and message;
 * returns the jobs' ids (none without notices or channels).
 */
export async function queueAlertNotices(boss: PgBoss, notices: readonly AlertNotice[], database: Database, options: QueueOptions = {}): Promise<string[]> {
  if (notices.length === 0) return [];
  const serialized = byWorstFirst(notices).map((n) => ({ ...n, firstSeen: n.firstSeen.toISOString(), lastSeen: n.lastSeen.toISOString() }));
  const messages: NotifyJob["notices"][] = [];
  for (let i = 0; i < serialized.length; i += MAX_NOTICES_PER_MESSAGE) messages.push(serialized.slice(i, i + MAX_NOTICES_PER_MESSAGE));
  const ids: string[] = [];
  for (const { id: channelId } of await enabledChannelIds(database)) {
    for (const message of messages) {
      const id = await boss.send(NOTIFY_QUEUE, { channelId, notices: message } satisfies NotifyJob, { ...JOB_OPTIONS[NOTIFY_QUEUE], ...options });
      if (id) ids.push(id);
    }
  }
  return ids;
}

function revive(job: NotifyJob): AlertNotice[] {
  return job.notices.map((n) => ({ ...n, firstSeen: new Date(n.firstSeen), lastSeen: new Date(n.lastSeen) }));
}

/**
 * One attempt of a job, recorded. Throws when the attempt failed in a way worth retrying and retries are left, which
 * is how pg-boss learns to retry it; a permanent refusal completes the job (its output says so) and is not retried.
 */
export async function carryOutNotify(database: Database, job: PgBoss.JobWithMetadata<NotifyJob>, dependencies: Partial<DeliveryDependencies> = {}): Promise<DeliveryResult> {
  const result = await deliverToChannel(
    database,
    { channelId: job.data.channelId, notices: revive(job.data), test: false, jobId: job.id, attempt: job.retryCount + 1, lastAttempt: job.retryCount >= job.retryLimit },
    dependencies,
  );
  if (result.status === "retrying") throw new Error(`delivery to channel ${job.data.channelId} failed, will retry: ${result.error ?? `HTTP ${result.httpStatus}`}`);
  return result;
}

/** The worker's handler for the notify queue (lib/jobs/worker.ts registers it). */
export async function workNotifications(boss: PgBoss, database: Database, log: (line: string) => void): Promise<void> {
  await boss.work<NotifyJob>(NOTIFY_QUEUE, { batchSize: 1, pollingIntervalSeconds: 1, includeMetadata: true }, async ([job]) => {
    if (!job) return;
    try {
      const result = await carryOutNotify(database, job);
      log(`trailproof: notification to channel ${job.data.channelId} ${result.status === "skipped" ? `skipped: ${result.reason}` : result.status}`);
      return result;
    } catch (error) {
      log(`trailproof: notification to channel ${job.data.channelId}: ${(error as Error).message}`);
      throw error;
    }
  });
}
