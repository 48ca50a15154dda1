// A tiny deterministic PRNG (mulberry32) so the sandbox's files are the same bytes for the same seed, run after run.
// Not for anything secret: the sandbox's RSA keys are throwaway test keys by design.

export type Seed = number | string;

/** FNV-1a of a string, so readable seeds ("acme/us-east-1") work as well as numbers. */
function seedToUint32(seed: Seed): number {
  if (typeof seed === "number") return seed >>> 0;
  let hash = 0x811c9dc5;
  for (let index = 0; index < seed.length; index += 1) {
    hash ^= seed.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export class SeededRandom {
  private state: number;

  constructor(seed: Seed) {
    this.state = seedToUint32(seed);
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("pick from an empty list");
    return items[this.int(0, items.length - 1)]!;
  }

  alnum(length: number): string {
    return Array.from({ length }, () => ALNUM[this.int(0, ALNUM.length - 1)]).join("");
  }

  hex(length: number): string {
    return Array.from({ length }, () => this.int(0, 15).toString(16)).join("");
  }

  bytes(length: number): Buffer {
    return Buffer.from(Array.from({ length }, () => this.int(0, 255)));
  }

  /** A version-4-shaped UUID. */
  uuid(): string {
    const hex = this.hex(32);
    const variant = ((this.int(0, 3) | 8) >>> 0).toString(16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  }

  /** A child generator, so adding draws in one place does not shift every later value. */
  fork(label: string): SeededRandom {
    return new SeededRandom(`${this.int(0, 0xffffffff)}:${label}`);
  }
}
