import fs from "node:fs";
import path from "node:path";

/** Writes through a temporary file in the same folder and renames it: a reader never sees half a file. */
export function writeFileAtomically(target: string, bytes: Buffer | string): void {
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(temporary, bytes);
    fs.renameSync(temporary, target);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}
