import { copyFile, mkdir, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** tests/fixtures/hook */
export const HOOK_FIXTURES = fileURLToPath(new URL("../fixtures/hook/", import.meta.url));

/** A temporary folder; `cleanup` removes it. */
export async function tempDir(
  prefix = "ccw-hook-",
): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * Copies a hook fixture to `<workspace>/.workflow/<folder>/<session>/<name>` and returns the
 * absolute path of the copy.
 */
export async function placeFixture(
  workspace: string,
  fixture: string,
  where: { folder: string; session: string; name: string },
): Promise<string> {
  const dir = path.join(workspace, ".workflow", where.folder, where.session);
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, where.name);
  await copyFile(path.join(HOOK_FIXTURES, fixture), file);
  return file;
}
