/**
 * The settings of `ccw coordinator codex`: its flags over the configuration files, turned into
 * what planning takes. Loaded before anything is created, so a
 * bad configuration file stops the command (exit 2) with nothing planned or run.
 */
import type { CliContext } from "../context.js";
import { displayPath } from "../lib/fs/display-path.js";
import type { Depth } from "../session/plan-vocabulary.js";
import type { SessionOptions } from "../session/state-schema.js";
import { DEFAULT_MAX_REPAIRS, DEFAULT_STALL_MS } from "../tools/codex/run-limits.js";

/** The flags of `ccw coordinator codex` that a configuration file can also set. */
export interface SettingFlags {
  readonly timeout?: number;
  readonly stallLimit?: number;
  readonly maxRetries?: number;
  readonly depth?: Depth;
  readonly model?: string;
  readonly sandbox?: SessionOptions["sandbox"];
  /** Already absolute. */
  readonly codexBin?: string;
  readonly allowPartial?: boolean;
  readonly maxRepairs?: number;
  readonly verify?: readonly string[];
}

/** What planning takes from the settings. */
export interface CoordinatorSettings {
  readonly timeoutMs: number;
  readonly stallMs: number;
  readonly maxRetries: number;
  readonly maxRepairs: number;
  /** Absent when there is no check to run. */
  readonly verify?: readonly string[];
  readonly allowPartial: boolean;
  readonly depth?: Depth;
  readonly model?: string;
  readonly sandbox?: SessionOptions["sandbox"];
  readonly codexBin?: string;
}

/** Resolves the settings; with `verbose`, says on stderr where each one came from. */
export async function coordinatorSettings(
  ctx: CliContext,
  workspace: string,
  flags: SettingFlags,
  verbose: boolean,
): Promise<CoordinatorSettings> {
  const [{ loadConfigFiles }, { effectiveSettings, describeSettings }, { durationMs }] =
    await Promise.all([
      import("./config-files.js"),
      import("./effective.js"),
      import("./config-schema.js"),
    ]);
  const files = await loadConfigFiles(workspace, ctx.env, ctx.homedir);
  const given = {
    "coordinator.timeout": flags.timeout === undefined ? undefined : durationText(flags.timeout),
    "coordinator.stall_limit":
      flags.stallLimit === undefined ? undefined : durationText(flags.stallLimit),
    "coordinator.max_retries": flags.maxRetries,
    "coordinator.depth": flags.depth,
    "coordinator.model": flags.model,
    "coordinator.sandbox": flags.sandbox,
    "coordinator.codex_bin": flags.codexBin,
    "coordinator.allow_partial": flags.allowPartial === true ? true : undefined,
    "coordinator.max_repairs": flags.maxRepairs,
    "coordinator.verify": flags.verify,
  };
  const settings = effectiveSettings(files, given, ctx.env);
  if (verbose) {
    ctx.stderr.write(`${ctx.style.bold("Settings")}\n`);
    for (const line of describeSettings(settings, (file) => displayPath(file, { cwd: ctx.cwd }))) {
      ctx.stderr.write(`  ${line}\n`);
    }
  }
  const value = <T>(key: keyof typeof settings) => settings[key].value as T | undefined;
  const timeout = value<string | number>("coordinator.timeout") ?? "30m";
  const stallLimit = value<string | number>("coordinator.stall_limit") ?? "5m";
  const verify = value<string[]>("coordinator.verify") ?? [];
  const depth = value<Depth>("coordinator.depth");
  const model = value<string>("coordinator.model");
  const sandbox = value<SessionOptions["sandbox"]>("coordinator.sandbox");
  // From CCW_CODEX_BIN the runner finds it itself, as without a configuration.
  const codexBin =
    settings["coordinator.codex_bin"].source === "env"
      ? undefined
      : value<string>("coordinator.codex_bin");
  return {
    timeoutMs: durationMs(timeout) ?? 30 * 60 * 1000,
    stallMs: durationMs(stallLimit) ?? DEFAULT_STALL_MS,
    maxRetries: value<number>("coordinator.max_retries") ?? 1,
    maxRepairs: value<number>("coordinator.max_repairs") ?? DEFAULT_MAX_REPAIRS,
    ...(verify.length === 0 ? {} : { verify }),
    allowPartial: value<boolean>("coordinator.allow_partial") ?? false,
    ...(depth === undefined ? {} : { depth }),
    ...(model === undefined ? {} : { model }),
    ...(sandbox === undefined ? {} : { sandbox }),
    ...(codexBin === undefined ? {} : { codexBin }),
  };
}

/** A duration in milliseconds as the configuration writes it (`"90s"`, `"1500ms"`). */
function durationText(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
