import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach } from "vitest";

/** The repository root (tests run from it). */
export const REPO = fileURLToPath(new URL("../..", import.meta.url)).replace(/\/$/, "");
/** The committed manifest folder. */
export const MANIFESTS = path.join(REPO, "cli_manifests", "codex");
/** Captured help pages of a Codex version. */
export const helpFixtures = (version: string) =>
  path.join(REPO, "tests", "fixtures", "parity", "help", version);
/** The two versions this repository snapshots. */
export const OLD = "0.125.0";
export const NEW = "0.171.0";
export const LINUX = "x86_64-unknown-linux-musl";
/** The SOURCE_DATE_EPOCH the committed artifacts were generated with (2026-11-21T00:00:00Z). */
export const EPOCH = "1795219200";

const temps: string[] = [];
afterEach(async () => {
  await Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A fresh temporary folder, removed after the test. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "ccw-parity-test-"));
  temps.push(dir);
  return dir;
}

/** A copy of the committed manifest folder to mutate. */
export async function copyOfManifests(): Promise<string> {
  const dir = path.join(await tempDir(), "codex");
  await cp(MANIFESTS, dir, { recursive: true });
  return dir;
}
