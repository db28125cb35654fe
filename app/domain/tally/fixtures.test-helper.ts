// Reads the shared Pabulib files for tests (tests only: the domain itself does no I/O).
import fs from "node:fs";
import path from "node:path";

export const PABULIB_DIR = path.resolve(process.cwd(), "../shared/pabulib");

export function pabulibFiles(): string[] {
  if (!fs.existsSync(PABULIB_DIR)) {
    throw new Error(`The Pabulib test data is missing: expected the .pb files in ${PABULIB_DIR} (../shared/pabulib beside the repository).`);
  }
  const files = fs.readdirSync(PABULIB_DIR).filter((f) => f.endsWith(".pb")).sort();
  if (files.length === 0) throw new Error(`No .pb files in ${PABULIB_DIR}.`);
  return files;
}

export function readElection(file: string): string {
  pabulibFiles();
  return fs.readFileSync(path.join(PABULIB_DIR, file), "utf8");
}
