import { startMotoServer } from "@/lib/sandbox/moto-launcher";
import type { SandboxOptions } from "@/lib/sandbox/plan";
import { seedSandbox, type FileSeeder, type SeedResult } from "@/lib/sandbox/seed";

export interface RunningSandbox extends SeedResult {
  endpoint: string;
  pid: number;
  stop(): Promise<void>;
}

/** Starts the emulator on 127.0.0.1:port and seeds the demo organization into it. */
export async function startSandbox(params: {
  port: number;
  options: SandboxOptions;
  stateDir: string;
  seedFiles?: FileSeeder;
  log?: (line: string) => void;
}): Promise<RunningSandbox> {
  const moto = await startMotoServer({ port: params.port });
  try {
    const seeded = await seedSandbox(moto.endpoint, params.options, params.stateDir, params.seedFiles, params.log);
    return { ...seeded, endpoint: moto.endpoint, pid: moto.pid, stop: moto.stop };
  } catch (error) {
    await moto.stop();
    throw error;
  }
}
