/**
 * The Codex CLI flags ccw's wrapper can emit, declared once. The argv builder
 * (codex-argv.ts) emits flags only through this table, and the parity generator
 * (ccw/src/parity/) reads it to map argv tokens back to flag identities.
 *
 * Facts: shared/specs/codex-facts.md, checked against `codex help exec` and
 * `codex help exec resume` of Codex 0.169.0.
 */

/** How a flag is reached from ccw's API (the parity "level" derives from it). */
export type FlagChannel =
  /** A typed field of the request maps to it. */
  | "typed"
  /** The wrapper sends it on every run. */
  | "always"
  /** Reachable only through a generic forwarding channel (raw config overrides, features). */
  | "passthrough";

/** One Codex flag as the wrapper knows it. */
export interface CodexFlagSpec {
  /** The long form, with dashes: `--model`. It is the flag's identity. */
  readonly long: `--${string}`;
  /** The short form, with its dash: `-m`. The builder prefers it when present. */
  readonly short?: `-${string}`;
  readonly takesValue: boolean;
  readonly repeatable: boolean;
  /**
   * One occurrence takes several values (`-i a.png b.png`), so a bare value could swallow the
   * next token (`-`, `resume`). The builder always emits such a flag as `--long=value`.
   */
  readonly variadic?: true;
  readonly channel: FlagChannel;
  /**
   * Where the flag goes: `exec` flags come before the `resume` subcommand (Codex treats them
   * as the exec command's options); `resume` flags only exist after it.
   */
  readonly position: "exec" | "resume";
  /**
   * Emitted only after a probe of the installed Codex shows that it has the flag (older
   * releases lack it); requests that need it against such a Codex fail with a clear message.
   */
  readonly capabilityGuarded?: true;
}

/** Every flag the wrapper can emit, keyed by the request field (or purpose) that emits it. */
export const CODEX_EXEC_FLAGS = {
  json: {
    long: "--json",
    takesValue: false,
    repeatable: false,
    channel: "always",
    position: "exec",
  },
  skipGitRepoCheck: {
    long: "--skip-git-repo-check",
    takesValue: false,
    repeatable: false,
    channel: "always",
    position: "exec",
  },
  color: {
    long: "--color",
    takesValue: true,
    repeatable: false,
    channel: "always",
    position: "exec",
  },
  cd: {
    long: "--cd",
    short: "-C",
    takesValue: true,
    repeatable: false,
    channel: "typed",
    position: "exec",
  },
  sandbox: {
    long: "--sandbox",
    short: "-s",
    takesValue: true,
    repeatable: false,
    channel: "typed",
    position: "exec",
  },
  model: {
    long: "--model",
    short: "-m",
    takesValue: true,
    repeatable: false,
    channel: "typed",
    position: "exec",
  },
  profile: {
    long: "--profile",
    short: "-p",
    takesValue: true,
    repeatable: false,
    channel: "typed",
    position: "exec",
  },
  images: {
    long: "--image",
    short: "-i",
    takesValue: true,
    repeatable: true,
    variadic: true,
    channel: "typed",
    position: "exec",
  },
  addDirs: {
    long: "--add-dir",
    takesValue: true,
    repeatable: true,
    channel: "typed",
    position: "exec",
    capabilityGuarded: true,
  },
  outputSchema: {
    long: "--output-schema",
    takesValue: true,
    repeatable: false,
    channel: "typed",
    position: "exec",
    capabilityGuarded: true,
  },
  outputLastMessage: {
    long: "--output-last-message",
    short: "-o",
    takesValue: true,
    repeatable: false,
    channel: "typed",
    position: "exec",
  },
  config: {
    long: "--config",
    short: "-c",
    takesValue: true,
    repeatable: true,
    channel: "passthrough",
    position: "exec",
  },
  enable: {
    long: "--enable",
    takesValue: true,
    repeatable: true,
    channel: "passthrough",
    position: "exec",
    capabilityGuarded: true,
  },
  disable: {
    long: "--disable",
    takesValue: true,
    repeatable: true,
    channel: "passthrough",
    position: "exec",
    capabilityGuarded: true,
  },
  ephemeral: {
    long: "--ephemeral",
    takesValue: false,
    repeatable: false,
    channel: "typed",
    position: "exec",
    capabilityGuarded: true,
  },
  last: {
    long: "--last",
    takesValue: false,
    repeatable: false,
    channel: "typed",
    position: "resume",
  },
} as const satisfies Record<string, CodexFlagSpec>;

/** The name of a flag in the table. */
export type CodexFlagName = keyof typeof CODEX_EXEC_FLAGS;
