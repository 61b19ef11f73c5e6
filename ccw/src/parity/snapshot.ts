/**
 * UpstreamSnapshotV1 from Codex's own help: the root page, then `codex help <path>` for every
 * listed subcommand, recursively; plus `--version` and `features list`.
 */
import { InvalidDataError } from "../errors.js";
import { type HelpSource, helpArgs } from "./help-pages.js";
import { flagKeyOf, normalizeHelpText, parseClapHelp } from "./help-parser.js";
import { comparePaths, compareStrings, describePath } from "./json-text.js";
import type {
  BinaryInfo,
  FeatureRow,
  SnapshotCommand,
  SnapshotFlag,
  UpstreamSnapshotV1,
} from "./schemas.js";
import { findSemver } from "./semver.js";

/** Deeper than any real Codex command tree; stops a help page that lists itself. */
const MAX_DEPTH = 8;

/** What `known_omissions` says about every snapshot. */
export const STANDARD_OMISSIONS = [
  "clap's built-in `help` subcommands are not recorded",
  "hidden flags and hidden subcommands do not appear in help and are not recorded",
] as const;

/** Walks the help tree of a Codex binary and parses every page. */
export async function collectCommands(source: HelpSource): Promise<SnapshotCommand[]> {
  const commands: SnapshotCommand[] = [];
  const visit = async (path: string[], listedAbout: string | undefined) => {
    if (path.length > MAX_DEPTH) {
      throw new InvalidDataError(
        `the help tree of codex is deeper than ${MAX_DEPTH} levels at ${describePath(path)}`,
      );
    }
    const args = path.length === 0 ? helpArgs.root : helpArgs.command(path);
    const page = parseClapHelp(await source.run(args), describePath(path));
    const about = page.about ?? listedAbout;
    commands.push({
      path,
      ...(about === undefined ? {} : { about }),
      ...(page.usage.length === 0 ? {} : { usage: page.usage.join("\n") }),
      ...(page.args.length === 0
        ? {}
        : { args: [...page.args].sort((a, b) => compareStrings(a.name, b.name)) }),
      ...(page.flags.length === 0 ? {} : { flags: sortFlags(page.flags) }),
    });
    for (const sub of page.subcommands) await visit([...path, sub.name], sub.about);
  };
  await visit([], undefined);
  return commands.sort((a, b) => comparePaths(a.path, b.path));
}

/** Flags sorted by key (long form, else short form). */
export function sortFlags<T extends SnapshotFlag>(flags: readonly T[]): T[] {
  return [...flags].sort((a, b) => compareStrings(flagKeyOf(a), flagKeyOf(b)));
}

/** Parses `codex features list`: `name  stage  effective` rows (a stage may hold a space). */
export function parseFeaturesList(text: string): FeatureRow[] {
  const rows: FeatureRow[] = [];
  for (const line of normalizeHelpText(text).split("\n")) {
    if (line.trim() === "") continue;
    const cells = line.trim().split(/\s{2,}/);
    const [name, stage, effective] = cells;
    if (
      cells.length !== 3 ||
      name === undefined ||
      stage === undefined ||
      !/^(true|false)$/.test(effective ?? "")
    ) {
      throw new InvalidDataError(
        `unexpected line in \`codex features list\`: ${JSON.stringify(line.slice(0, 80))}`,
      );
    }
    rows.push({ name, stage, enabled_by_default: effective === "true" });
  }
  return rows.sort((a, b) => compareStrings(a.name, b.name));
}

/** `--version` output → the text and its semantic version. */
export function parseVersionOutput(text: string): {
  version_output: string;
  semantic_version: string;
} {
  const versionOutput = normalizeHelpText(text).trim();
  const semver = findSemver(versionOutput);
  if (semver === undefined) {
    throw new InvalidDataError(
      `\`codex --version\` printed no semantic version: ${JSON.stringify(versionOutput.slice(0, 80))}`,
      {
        hint: "Is --codex-bin really a Codex CLI?",
      },
    );
  }
  return { version_output: versionOutput, semantic_version: semver };
}

/** Everything about the binary that does not come from its output. */
export interface BinaryFacts {
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly targetTriple: string;
  readonly platform: { readonly os: string; readonly arch: string };
}

/** Runs every probe through `source` and assembles the snapshot. */
export async function collectSnapshot(options: {
  source: HelpSource;
  binary: BinaryFacts;
  collectedAt: string;
}): Promise<UpstreamSnapshotV1> {
  const { source, binary } = options;
  const version = parseVersionOutput(await source.run(helpArgs.version));
  const commands = await collectCommands(source);
  const omissions: string[] = [...STANDARD_OMISSIONS];
  let features: FeatureRow[] | undefined;
  try {
    features = parseFeaturesList(await source.run(helpArgs.features));
  } catch (error) {
    // Older releases may lack `features list`; the snapshot says so instead of failing.
    omissions.push(
      `\`codex features list\` failed: ${(error as Error).message.split("\n")[0] ?? ""}`,
    );
  }
  const info: BinaryInfo = {
    sha256: binary.sha256,
    size_bytes: binary.sizeBytes,
    platform: { os: binary.platform.os, arch: binary.platform.arch },
    target_triple: binary.targetTriple,
    version_output: version.version_output,
    semantic_version: version.semantic_version,
  };
  return {
    snapshot_schema_version: 1,
    tool: "codex-cli",
    collected_at: options.collectedAt,
    binary: info,
    commands,
    ...(features === undefined ? {} : { features }),
    known_omissions: omissions.sort(compareStrings),
  };
}
