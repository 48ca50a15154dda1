import { FolderListing } from "@/lib/aws/trail-files";
import { dayFolders } from "@/lib/core/integrity/window-keys";
import type { StoredRunPlan } from "@/lib/services/integrity/stored-run-plan";
import { profileMark } from "@/lib/util/profile";

// Each chain's log listing (the slowest requests of a re-run) starts as early as it can: the first chain's when the run
// is planned, while the run is recorded and earlier proofs are read; the next one's once the previous listing is in.
// One listing at a time keeps the requests to the bucket in step with the walk, which takes the chains in order.

export class ChainListings {
  private readonly listings: FolderListing[] = [];
  private stopped = false;

  constructor(
    private readonly plan: StoredRunPlan,
    private readonly windowStart: Date,
    private readonly windowEnd: Date,
  ) {
    this.start(0);
  }

  /** The listing of the plan's chain at `index` (started now if it was not yet). */
  of(index: number): FolderListing {
    const listing = this.start(index);
    if (!listing) throw new Error(`the run has no chain ${index + 1} to list, or it stopped`);
    return listing;
  }

  /** No more listings are started (the run failed). */
  stop(): void {
    this.stopped = true;
  }

  private start(index: number): FolderListing | undefined {
    const chain = this.plan.chains[index];
    if (!chain || this.listings[index]) return this.listings[index];
    if (this.stopped) return undefined;
    const { plan } = this;
    const logRoot = `${plan.accountRoot}${chain.accountId}/CloudTrail/${chain.region}/`;
    const listing = new FolderListing(plan.clients, plan.bucketRegion, plan.bucket, dayFolders(logRoot, this.windowStart, this.windowEnd));
    this.listings[index] = listing;
    // Awaited after its chain's walk; a failure fails the run then.
    void listing.all.then(() => profileMark("(log listing done)"), () => undefined).finally(() => this.start(index + 1));
    return listing;
  }
}
