/**
 * Where the snapshot tool gets Codex's output: the real binary, or help pages captured earlier
 * (test fixtures, `--save-help`). Both answer the same argv, so a snapshot built from captured
 * pages equals one built from the binary that printed them.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import { describeFsError, NotFoundError, StorageError } from "../errors.js";

/** Answers one Codex invocation with its stdout; throws when Codex failed. */
export interface HelpSource {
  run(args: readonly string[]): Promise<string>;
}

/** The argv of each page: root help, help of a subcommand path, the version, the features. */
export const helpArgs = {
  root: ["--help"],
  command: (commandPath: readonly string[]) => ["help", ...commandPath],
  version: ["--version"],
  features: ["features", "list"],
} as const;

/** The file a captured page is stored in: `codex.txt`, `codex.exec.resume.txt`, `version.txt`. */
export function helpPageFile(args: readonly string[]): string {
  if (args.length === 1 && args[0] === "--help") return "codex.txt";
  if (args.length === 1 && args[0] === "--version") return "version.txt";
  if (args.length === 2 && args[0] === "features" && args[1] === "list") return "features-list.txt";
  if (args[0] === "help" && args.length > 1) return `codex.${args.slice(1).join(".")}.txt`;
  throw new Error(`no page file for codex ${args.join(" ")}`);
}

/** Replays pages captured in `dir`; a page that was not captured reads as a failed run. */
export function capturedHelpSource(dir: string): HelpSource {
  return {
    async run(args) {
      const file = path.join(dir, helpPageFile(args));
      try {
        return await readFile(file, "utf8");
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") {
          throw new NotFoundError(`no captured output for \`codex ${args.join(" ")}\` (${file})`);
        }
        throw new StorageError(`cannot read ${file}: ${describeFsError(error)}`);
      }
    },
  };
}

/** Wraps a source and keeps every page it answered, by file name. */
export function recordingHelpSource(source: HelpSource): {
  source: HelpSource;
  pages: Map<string, string>;
} {
  const pages = new Map<string, string>();
  return {
    pages,
    source: {
      async run(args) {
        const text = await source.run(args);
        pages.set(helpPageFile(args), text);
        return text;
      },
    },
  };
}
