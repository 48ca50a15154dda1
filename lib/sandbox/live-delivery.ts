import { CloudTrailClient, GetTrailStatusCommand } from "@aws-sdk/client-cloudtrail";
import { type GeneratedDigest, type SandboxBucket, trailHours } from "@/lib/sandbox/cloudtrail-files";
import { accountByKey, planSandbox, type SandboxOptions, type SandboxPlan } from "@/lib/sandbox/plan";
import { SandboxAccounts } from "@/lib/sandbox/sandbox-clients";
import type { SandboxManifest } from "@/lib/sandbox/manifest";
import { type Chain, chainsOf, type IntegritySection, specFor } from "@/lib/sandbox/seed-files";
import { uploadObjects } from "@/lib/sandbox/upload-trail-files";

// The local organization goes on logging while it runs, as CloudTrail does: every hour, each chain of a trail that
// logs gets that hour's log files and its signed digest, linked to the one before. Without it the demo's files would
// stop at the hour it was seeded, and an hour or two later every chain would rightly look deleted (its newest digest
// overdue, the window's chains missing), which is what continuous assurance is there to report. Each chain's hours
// come from the seeder's own endless sequence (cloudtrail-files.ts trailHours: same seed, the seeded hours are the
// same bytes), so only the new hours are made and uploaded. A trail stopped in the emulator (StopLogging, e.g. the sandbox's tamper command) gets nothing until it
// logs again. This writes to the EMULATOR only: it is CloudTrail's part, not TrailProof's.

const HOUR = 3_600_000;
/** CloudTrail delivers an hour's digest some minutes after the hour; TrailProof allows 30 (digestsExpectedUntil). */
export const DELIVERY_DELAY_MS = 5 * 60_000;
/** Hours a restarted demo catches up at most; beyond them its chains show the gap a real outage would. */
const MAX_CATCH_UP_HOURS = 14 * 24;

export interface LiveDeliveryInput {
  endpoint: string;
  options: SandboxOptions;
  /** The seeded organization's manifest, with its files (`integrity`: the newest seeded digest ends at its `end`). */
  manifest: SandboxManifest;
}

export interface DeliveredHours {
  trailKey: string;
  accountId: string;
  region: string;
  /** Digest end times delivered, oldest first. */
  digestEnds: Date[];
  objects: number;
}

interface ChainCursor {
  hours: Generator<GeneratedDigest | null, never>;
  /** Hours pulled from `hours` so far (the seeded ones included). */
  pulled: number;
  seededHours: number;
  bucket: string;
  accountId: string;
}

export class LiveDelivery {
  private readonly plan: SandboxPlan;
  private readonly accounts: SandboxAccounts;
  private readonly chains: Chain[];
  /** Per chain: hours past the seeded ones already delivered. */
  private readonly delivered = new Map<Chain, number>();
  /** Per chain: where its endless sequence of hours stands (made once: a seeded RSA key takes half a second). */
  private readonly cursors = new Map<Chain, ChainCursor>();

  private readonly filesEnd: Date;

  constructor(private readonly input: LiveDeliveryInput) {
    const integrity = input.manifest.integrity as IntegritySection | undefined;
    if (!integrity) throw new Error("the sandbox was seeded without log files: nothing to deliver after them");
    this.filesEnd = new Date(integrity.end);
    this.plan = planSandbox(input.options);
    this.accounts = new SandboxAccounts(input.endpoint);
    // Trails seeded as not logging stay stopped; the others deliver.
    this.chains = chainsOf(this.plan).filter((chain) => chain.trail.logging);
  }

  /** Hours whose digest is due by `now` beyond the seeded ones. */
  dueHours(now: Date): number {
    const due = Math.floor((now.getTime() - DELIVERY_DELAY_MS - this.filesEnd.getTime()) / HOUR);
    return Math.max(0, Math.min(due, MAX_CATCH_UP_HOURS));
  }

  /** Delivers every hour due by `now` that was not delivered yet, chain by chain. */
  async deliverDue(now = new Date()): Promise<DeliveredHours[]> {
    const due = this.dueHours(now);
    const results: DeliveredHours[] = [];
    const logging = new Map<string, Promise<boolean>>();
    for (const chain of this.chains) {
      const done = this.delivered.get(chain) ?? 0;
      if (done >= due) continue;
      const trailLogs = logging.get(chain.trail.key) ?? this.isLogging(chain);
      logging.set(chain.trail.key, trailLogs);
      if (!(await trailLogs)) continue;
      results.push(await this.deliver(chain, done, due));
      this.delivered.set(chain, due);
      // Generating is synchronous: let the process's other work (the inline worker) run between chains.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return results;
  }

  private async deliver(chain: Chain, from: number, to: number): Promise<DeliveredHours> {
    const cursor = this.cursorOf(chain);
    const fresh: GeneratedDigest[] = [];
    // Hours are pulled in order; a cursor made now first passes over the seeded hours and those delivered before.
    while (cursor.pulled < cursor.seededHours + to) {
      const digest = cursor.hours.next().value;
      if (digest && cursor.pulled >= cursor.seededHours + from) fresh.push(digest);
      cursor.pulled += 1;
    }
    const objects: SandboxBucket = new Map();
    for (const digest of fresh) {
      for (const log of digest.logs) objects.set(log.key, { key: log.key, body: log.body, metadata: {} });
      objects.set(digest.key, { key: digest.key, body: digest.body, metadata: digest.metadata });
    }
    const bucket = this.plan.buckets.find((b) => b.name === cursor.bucket)!;
    // Encrypted as the seeded files are: log files under the trail's KMS key, where it has one (upload-trail-files.ts).
    const trail = this.input.manifest.trails.find((t) => t.key === chain.trail.key)!;
    const encryption = trail.kms.keyArn ? { kmsKeyArn: trail.kms.keyArn, trailArn: trail.arn } : undefined;
    await uploadObjects(await this.accounts.target(accountByKey(this.plan, bucket.ownerKey).id, bucket.region), bucket.name, objects, encryption);
    return {
      trailKey: chain.trail.key,
      accountId: cursor.accountId,
      region: chain.region,
      digestEnds: fresh.map((d) => new Date(d.document.digestEndTime)),
      objects: objects.size,
    };
  }

  private cursorOf(chain: Chain): ChainCursor {
    let cursor = this.cursors.get(chain);
    if (!cursor) {
      const seeded = specFor(this.plan, chain, { organizationId: this.input.manifest.organizationId }, this.filesEnd);
      cursor = { hours: trailHours(seeded).hours, pulled: 0, seededHours: seeded.hours, bucket: seeded.bucket, accountId: seeded.accountId };
      this.cursors.set(chain, cursor);
    }
    return cursor;
  }

  private async isLogging(chain: Chain): Promise<boolean> {
    const owner = accountByKey(this.plan, chain.trail.ownerKey).id;
    const cloudtrail = new CloudTrailClient(await this.accounts.target(owner, chain.trail.homeRegion));
    const status = await cloudtrail.send(new GetTrailStatusCommand({ Name: chain.trail.name }));
    return status.IsLogging === true;
  }
}

/** Delivers what is due now and then once a minute, until stopped. Failures are logged; the next tick tries again. */
export function startLiveDelivery(input: LiveDeliveryInput, log: (line: string) => void, everyMs = 60_000): { stop(): void } {
  const delivery = new LiveDelivery(input);
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = delivery
      .deliverDue()
      .then((delivered) => {
        const hours = delivered.reduce((n, d) => n + d.digestEnds.length, 0);
        if (hours > 0) log(`delivered ${hours} digest hour(s) with their log files to ${delivered.length} chain(s), as CloudTrail would`);
      })
      .catch((error: unknown) => log(`delivering the demo's new hour failed (tried again in a minute): ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => (running = null));
  };
  tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
