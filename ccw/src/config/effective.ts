/**
 * The effective settings of a run: each key from the first of the command line, the project's
 * `.ccwrc.json`, the user's config file and the defaults that sets it, with where it came from.
 * A relative `codex_bin` in a file is relative to that file's folder.
 */
import path from "node:path";
import type { ConfigFiles, LoadedConfig } from "./config-files.js";
import {
  CONFIG_DEFAULTS,
  CONFIG_KEYS,
  type ConfigKey,
  type CoordinatorConfig,
  DEFAULT_MEANING,
} from "./config-schema.js";

/** Where a value came from. */
export type SettingSource = "flag" | "env" | "project" | "user" | "default";

export interface Setting {
  readonly key: ConfigKey;
  /** The value (undefined: not set anywhere, see `meaning`). */
  readonly value: unknown;
  readonly source: SettingSource;
  /** The file of a project or user value. */
  readonly file?: string;
  /** What an unset value means (`Codex's own`). */
  readonly meaning?: string;
}

export type Settings = Readonly<Record<ConfigKey, Setting>>;

/** Values given on the command line (only those given), by key. */
export type FlagValues = Partial<Record<ConfigKey, unknown>>;

/** Resolves every key: flags > environment > project > user > defaults. */
export function effectiveSettings(
  files: Pick<ConfigFiles, "project" | "user">,
  flags: FlagValues = {},
  env: Readonly<Record<string, string | undefined>> = {},
): Settings {
  const entries = CONFIG_KEYS.map((key): [ConfigKey, Setting] => {
    if (flags[key] !== undefined) return [key, { key, value: flags[key], source: "flag" }];
    // The Codex executable named in the environment beats a file, as it always has (docs/cli.md).
    if (key === "coordinator.codex_bin" && env.CCW_CODEX_BIN) {
      return [key, { key, value: env.CCW_CODEX_BIN, source: "env" }];
    }
    for (const [source, loaded] of [
      ["project", files.project],
      ["user", files.user],
    ] as const) {
      const value = fileValue(loaded, key);
      if (value !== undefined) return [key, { key, value, source, file: loaded?.file }];
    }
    const meaning = DEFAULT_MEANING[key];
    return [
      key,
      {
        key,
        value: CONFIG_DEFAULTS[key],
        source: "default",
        ...(meaning === undefined ? {} : { meaning }),
      },
    ];
  });
  return Object.fromEntries(entries) as Record<ConfigKey, Setting>;
}

function fileValue(loaded: LoadedConfig | undefined, key: ConfigKey): unknown {
  if (loaded === undefined) return undefined;
  const name = key.slice("coordinator.".length) as keyof CoordinatorConfig;
  const value = loaded.config.coordinator?.[name];
  if (name === "codex_bin" && typeof value === "string") {
    return path.resolve(path.dirname(loaded.file), value);
  }
  return value;
}

/** One line per key: `coordinator.timeout = "45m"  (project: /p/.ccwrc.json)`. */
export function describeSettings(settings: Settings, shown: (file: string) => string): string[] {
  return Object.values(settings).map((setting) => {
    const value =
      setting.value === undefined
        ? `(unset: ${setting.meaning ?? "none"})`
        : JSON.stringify(setting.value);
    return `${setting.key} = ${value}  (${describeSource(setting, shown)})`;
  });
}

export function describeSource(setting: Setting, shown: (file: string) => string): string {
  switch (setting.source) {
    case "flag":
      return "command line";
    case "env":
      return "CCW_CODEX_BIN";
    case "default":
      return "default";
    default:
      return `${setting.source}: ${setting.file === undefined ? "?" : shown(setting.file)}`;
  }
}
