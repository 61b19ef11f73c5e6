/**
 * ccw's configuration file (`.ccwrc.json` in a project, `config.json` under
 * `$XDG_CONFIG_HOME/ccw-codex/` for the user): its keys, their defaults, and the zod schema a
 * file must match. docs/cli.md ("Configuration") documents it.
 */

import { parseDuration } from "../lib/text/duration.js";
import { DEPTHS } from "../session/plan-vocabulary.js";
import { CODEX_SANDBOX_MODES } from "../tools/codex/codex-argv.js";
import {
  DEFAULT_MAX_REPAIRS,
  MAX_REPAIRS,
  MAX_RETRIES,
  timeoutProblem,
} from "../tools/codex/run-limits.js";
import * as z from "../zod.js";

export const DURATION_EXPECTED =
  'a duration such as "90s", "30m" or "2h" (a bare number is seconds), at most 24 days';

/** Milliseconds of a duration written as `"90s"`, `"30m"`, `"2h"` or a number of seconds. */
export function durationMs(value: string | number): number | undefined {
  let parsed: number;
  if (typeof value === "number") parsed = Math.round(value * 1000);
  else {
    const result = parseDuration(value);
    if (!result.ok) return undefined;
    parsed = result.ms;
  }
  return timeoutProblem(parsed) === undefined ? parsed : undefined;
}

const text = (what: string) =>
  z.string({ error: `expected ${what}` }).check(z.minLength(1, { error: `expected ${what}` }));
const whole = (max: number) =>
  z
    .int({ error: `expected a whole number from 0 to ${max}` })
    .check(
      z.minimum(0, { error: `expected a whole number from 0 to ${max}` }),
      z.maximum(max, { error: `expected a whole number from 0 to ${max}` }),
    );
const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `expected one of ${values.join(", ")}` });

/** The `coordinator` section: the options of `ccw coordinator codex` a user repeats. */
export const CoordinatorConfig = z.strictObject({
  timeout: z.optional(
    z.union([z.string(), z.number()], { error: `expected ${DURATION_EXPECTED}` }).check(
      z.refine((value) => durationMs(value) !== undefined, {
        error: `expected ${DURATION_EXPECTED}`,
      }),
    ),
  ),
  stall_limit: z.optional(
    z.union([z.string(), z.number()], { error: `expected ${DURATION_EXPECTED}` }).check(
      z.refine((value) => durationMs(value) !== undefined, {
        error: `expected ${DURATION_EXPECTED}`,
      }),
    ),
  ),
  max_retries: z.optional(whole(MAX_RETRIES)),
  max_repairs: z.optional(whole(MAX_REPAIRS)),
  depth: z.optional(oneOf(DEPTHS)),
  model: z.optional(text("a model name")),
  sandbox: z.optional(oneOf(CODEX_SANDBOX_MODES)),
  verify: z.optional(
    z.array(text("a command line"), { error: "expected a list of command lines" }),
  ),
  codex_bin: z.optional(text("the path of the Codex executable")),
  allow_partial: z.optional(z.boolean({ error: "expected true or false" })),
});

export const ConfigFile = z.strictObject({
  $schema: z.optional(z.string()),
  coordinator: z.optional(CoordinatorConfig),
});

export type CoordinatorConfig = z.infer<typeof CoordinatorConfig>;
export type ConfigFile = z.infer<typeof ConfigFile>;

/** Every key, as `ccw config get` names it, in the order `ccw config list` shows them. */
export const CONFIG_KEYS = [
  "coordinator.timeout",
  "coordinator.stall_limit",
  "coordinator.max_retries",
  "coordinator.max_repairs",
  "coordinator.depth",
  "coordinator.model",
  "coordinator.sandbox",
  "coordinator.verify",
  "coordinator.codex_bin",
  "coordinator.allow_partial",
] as const;

export type ConfigKey = (typeof CONFIG_KEYS)[number];

/** The value of each key when no flag or file sets it (undefined: Codex's or the plan's own). */
export const CONFIG_DEFAULTS: Readonly<Record<ConfigKey, unknown>> = {
  "coordinator.timeout": "30m",
  "coordinator.stall_limit": "5m",
  "coordinator.max_retries": 1,
  "coordinator.max_repairs": DEFAULT_MAX_REPAIRS,
  "coordinator.depth": undefined,
  "coordinator.model": undefined,
  "coordinator.sandbox": undefined,
  "coordinator.verify": [],
  "coordinator.codex_bin": undefined,
  "coordinator.allow_partial": false,
};

/** What an unset default means, for `ccw config list`. */
export const DEFAULT_MEANING: Partial<Record<ConfigKey, string>> = {
  "coordinator.depth": "chosen by the plan",
  "coordinator.model": "Codex's own",
  "coordinator.sandbox": "workspace-write",
  "coordinator.codex_bin": "CCW_CODEX_BIN, node_modules/.bin/codex, PATH",
};
