/**
 * What `ccw doctor` finds out about the Codex CLI ccw would run: which binary and why, its
 * version against the validated range, and what a probe of its help says it accepts compared
 * with every flag ccw's argv builder can emit.
 */
import type { CodexCapabilities } from "../tools/codex/codex-argv.js";
import type { CodexVersion, ResolvedCodexBinary } from "../tools/codex/codex-binary.js";
import { CODEX_EXEC_FLAGS } from "../tools/codex/codex-flags.js";
import type { CodexVersionCheck } from "./version-range.js";

/** One flag of the builder's table, and whether the installed Codex accepts it where ccw puts it. */
export interface WrapperFlagStatus {
  readonly long: string;
  readonly position: "exec" | "resume";
  readonly channel: "typed" | "always" | "passthrough";
  readonly capabilityGuarded: boolean;
  readonly accepted: boolean;
}

/** Everything doctor reports. */
export interface DoctorReport {
  readonly binary: ResolvedCodexBinary;
  readonly version: CodexVersion;
  readonly range: CodexVersionCheck;
  readonly probe: {
    readonly execFlags: readonly string[];
    readonly resume: boolean;
    readonly resumeFlags: readonly string[] | undefined;
  };
  readonly wrapperFlags: readonly WrapperFlagStatus[];
  /** One line per finding that may break runs (out of range, flags missing). */
  readonly warnings: readonly string[];
  /** Findings that break every run: an always-sent flag or `exec resume` missing. */
  readonly problems: readonly string[];
}

/** Where each resolution rule looked, for people. */
export const BINARY_SOURCES: Record<ResolvedCodexBinary["source"], string> = {
  flag: "--codex-bin",
  env: "CCW_CODEX_BIN",
  project: "node_modules/.bin of the workspace, a parent folder, or ccw's own package",
  path: "PATH",
};

/** Combines the facts into the report. Pure. */
export function buildDoctorReport(facts: {
  binary: ResolvedCodexBinary;
  version: CodexVersion;
  range: CodexVersionCheck;
  capabilities: CodexCapabilities;
}): DoctorReport {
  const { capabilities, range } = facts;
  const wrapperFlags = Object.values(CODEX_EXEC_FLAGS).map((spec) => {
    const accepted =
      (spec.position === "exec" ? capabilities.flags : capabilities.resumeFlags)?.has(spec.long) ??
      false;
    return {
      long: spec.long,
      position: spec.position,
      channel: spec.channel,
      capabilityGuarded: "capabilityGuarded" in spec && spec.capabilityGuarded === true,
      accepted,
    };
  });
  const warnings: string[] = [];
  const problems: string[] = [];
  if (range.status !== "ok" && range.message !== undefined) warnings.push(range.message);
  const where = (flag: WrapperFlagStatus) =>
    flag.position === "exec" ? "codex exec" : "codex exec resume";
  for (const flag of wrapperFlags.filter((f) => !f.accepted)) {
    if (flag.channel === "always") {
      problems.push(
        `${where(flag)} does not accept ${flag.long}, which ccw sends on every run: every run will fail`,
      );
    } else {
      warnings.push(
        `${where(flag)} does not accept ${flag.long}: ccw requests that need it will be refused`,
      );
    }
  }
  if (capabilities.resume === false) {
    problems.push(
      "codex exec has no resume subcommand: ccw cannot continue a thread (retries, --resume, --last)",
    );
  }
  return {
    binary: facts.binary,
    version: facts.version,
    range,
    probe: {
      execFlags: [...capabilities.flags].sort(),
      resume: capabilities.resume ?? false,
      resumeFlags:
        capabilities.resumeFlags === undefined ? undefined : [...capabilities.resumeFlags].sort(),
    },
    wrapperFlags,
    warnings,
    problems,
  };
}

/** The human form: aligned `label  value` lines. */
export function renderDoctorText(report: DoctorReport): string {
  const accepted = report.wrapperFlags.filter((flag) => flag.accepted).length;
  const rows: [string, string][] = [
    ["Codex binary", `${report.binary.path} (from ${BINARY_SOURCES[report.binary.source]})`],
    [
      "Version",
      report.version.semver === undefined
        ? `${report.version.raw} (no version number found)`
        : `${report.version.semver} (${report.version.raw})`,
    ],
    [
      "Validated range",
      `${report.range.min} to ${report.range.latest}: ${RANGE_WORDS[report.range.status]}`,
    ],
    [
      "Probe",
      `codex exec lists ${report.probe.execFlags.length} flags; exec resume: ${report.probe.resume ? `yes, ${report.probe.resumeFlags?.length ?? 0} flags` : "no"}`,
    ],
    ["ccw's flags", `${accepted} of ${report.wrapperFlags.length} flags ccw can emit are accepted`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}\n`).join("");
}

const RANGE_WORDS: Record<CodexVersionCheck["status"], string> = {
  ok: "within",
  "below-min": "older than supported",
  "above-latest": "newer than validated",
  unknown: "unknown",
};

/** The `--json` form (snake_case, stable key order). */
export function doctorJson(report: DoctorReport): unknown {
  return {
    ok: report.problems.length === 0,
    binary: { path: report.binary.path, source: report.binary.source },
    version: {
      raw: report.version.raw,
      ...(report.version.semver === undefined ? {} : { semver: report.version.semver }),
    },
    range: report.range,
    probe: {
      exec_flags: report.probe.execFlags,
      resume: report.probe.resume,
      ...(report.probe.resumeFlags === undefined ? {} : { resume_flags: report.probe.resumeFlags }),
    },
    wrapper_flags: report.wrapperFlags.map((flag) => ({
      long: flag.long,
      position: flag.position,
      channel: flag.channel,
      capability_guarded: flag.capabilityGuarded,
      accepted: flag.accepted,
    })),
    warnings: report.warnings,
    problems: report.problems,
  };
}
