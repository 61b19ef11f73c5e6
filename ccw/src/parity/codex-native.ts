/**
 * The real Codex binary behind `--codex-bin`: npm installs a Node script (`bin/codex.js`) that
 * launches a native executable from a platform package. A snapshot hashes, sizes and runs that
 * native executable, so the recorded sha256 names the program whose help was parsed.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdtemp, realpath, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {
  CodexNotFoundError,
  describeFsError,
  OperationFailedError,
  UsageError,
} from "../errors.js";
import { runProbe } from "../lib/process/run-probe.js";
import { findNativeCodex, isScript, nativeCandidates } from "../tools/codex/codex-launch.js";
import type { HelpSource } from "./help-pages.js";

/** The executable to hash and run, and whether it was found behind an npm script. */
export interface NativeCodex {
  readonly path: string;
  readonly viaNpmShim: boolean;
}

/**
 * `bin` itself when it is a native executable; when it is the npm script, the binary of the
 * platform package for `target` (both the `bin/codex` layout of current releases and the
 * `codex/codex` layout of older ones).
 */
export async function resolveNativeCodex(bin: string, target: string): Promise<NativeCodex> {
  let real: string;
  try {
    real = await realpath(bin);
  } catch (error) {
    throw new CodexNotFoundError(`--codex-bin ${bin}: ${describeFsError(error)}`, {
      hint: "Pass the path of a Codex executable, e.g. node_modules/.bin/codex.",
    });
  }
  if (!isScript(real)) return { path: real, viaNpmShim: false };
  const native = findNativeCodex(real, target);
  if (native !== undefined) return { path: native, viaNpmShim: true };
  const candidates = nativeCandidates(real, target);
  throw new UsageError(
    `--codex-bin ${bin} is a script, and no native ${target} binary was found next to it`,
    { hint: `Pass the native executable itself (looked at: ${candidates.join(", ")}).` },
  );
}

/** The sha256 (hex) and size of a file, streamed. */
export async function hashFile(file: string): Promise<{ sha256: string; sizeBytes: number }> {
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of createReadStream(file)) {
    const bytes = chunk as Buffer;
    size += bytes.length;
    hash.update(bytes);
  }
  return { sha256: hash.digest("hex"), sizeBytes: size };
}

const RUN_TIMEOUT_MS = 30_000;

/**
 * Runs the binary without a shell, in a clean environment (an empty CODEX_HOME and HOME, so the
 * user's config cannot change what help or `features list` print), `NO_COLOR=1 TERM=dumb`.
 * `close()` removes the temporary home.
 */
export async function binaryHelpSource(
  binary: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<HelpSource & { close(): Promise<void> }> {
  const home = await mkdtemp(path.join(os.tmpdir(), "ccw-parity-home-"));
  const childEnv: Record<string, string> = {
    PATH: env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    CODEX_HOME: home,
    NO_COLOR: "1",
    TERM: "dumb",
    LANG: "C.UTF-8",
  };
  return {
    run: (args) =>
      runProbe(
        binary,
        args,
        { env: childEnv, timeoutMs: RUN_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024 },
        (error, stderr) => {
          const detail = stderr.trim().split("\n").slice(-3).join(" | ") || error.message;
          return new OperationFailedError(`\`codex ${args.join(" ")}\` failed: ${detail}`, {
            hint: `Run \`${binary} ${args.join(" ")}\` by hand to see why.`,
            cause: error,
          });
        },
      ),
    close: () => rm(home, { recursive: true, force: true }),
  };
}
