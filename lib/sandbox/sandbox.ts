import { startMotoServer } from "@/lib/sandbox/moto-launcher";
import type { SandboxOptions } from "@/lib/sandbox/plan";
import { seedSandbox, type FileSeeder, type SeedResult } from "@/lib/sandbox/seed";
import { removeRunningFile, writeRunningFile } from "@/lib/sandbox/live-tamper";

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
    // Where `npm run sandbox -- tamper` finds this emulator (npm start's embedded one included).
    writeRunningFile(params.stateDir, { endpoint: moto.endpoint, manifestPath: seeded.manifestPath, pid: moto.pid });
    const stop = async () => {
      removeRunningFile(params.stateDir, moto.pid);
      await moto.stop();
    };
    return { ...seeded, endpoint: moto.endpoint, pid: moto.pid, stop };
  } catch (error) {
    await moto.stop();
    throw error;
  }
}
