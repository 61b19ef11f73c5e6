/**
 * Model-server scripts: data (JSON or YAML) that says how to answer each request. A request
 * is matched on its prompt (the latest user message: substring or regex) and on whether it
 * is a follow-up carrying `function_call_output`; the first matching rule answers, else the
 * default. Regex groups fill `{{1}}` / `{{name}}` placeholders of the reply.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";

import * as z from "zod";
import { describeFsError, InvalidDataError, NotFoundError } from "../../errors.js";
import { ARTIFACT_SHAPE_NAMES } from "../../tools/registry/artifact-shape-names.js";
import { yamlModule } from "../../tools/registry/yaml-module.js";
import { artifactSample } from "./artifact-samples.js";

/** One answer to one request. */
export type ModelAction =
  | {
      readonly kind: "text";
      readonly text: string;
      /** Stream the text in this many deltas... */
      readonly chunks: number;
      /** ...with this pause between them. */
      readonly chunkDelayMs: number;
      readonly delayMs: number;
      readonly usage?: ActionUsage;
    }
  | {
      readonly kind: "command";
      /** A shell command Codex runs through its `exec_command` tool. */
      readonly command: string;
      readonly workdir?: string;
      readonly delayMs: number;
      readonly usage?: ActionUsage;
    }
  | {
      readonly kind: "fail";
      readonly status: number;
      readonly message: string;
      /** Fail inside a 200 event stream (`response.failed`) instead of with an HTTP status. */
      readonly midStream: boolean;
      readonly delayMs: number;
    }
  | { readonly kind: "stall"; readonly delayMs: number };

interface ActionUsage {
  readonly input_tokens: number;
  readonly output_tokens: number;
}

/** A rule ready to match. */
export interface ModelRule {
  /** `name`, or `rules[i]`: how recorded requests and errors refer to it. */
  readonly label: string;
  readonly contains?: string;
  readonly regex?: RegExp;
  readonly followUp?: boolean;
  /** The n-th entry answers the n-th request of a turn that this rule matches. */
  readonly replies: readonly ModelAction[];
  /** Stop matching after answering this many requests. */
  readonly times?: number;
}

/** A validated script. */
export interface ModelServerScript {
  readonly rules: readonly ModelRule[];
  readonly fallback: readonly ModelAction[];
}

const DEFAULT_REPLY = "model-server: no rule of the script matched this prompt";

const ActionInput = z
  .strictObject({
    text: z.string().optional(),
    command: z.string().min(1).optional(),
    workdir: z.string().min(1).optional(),
    fail: z
      .union([
        z.number().int().min(400).max(599),
        z.strictObject({
          status: z.number().int().min(400).max(599).optional(),
          message: z.string().optional(),
          midStream: z.boolean().optional(),
        }),
      ])
      .optional(),
    /**
     * Writes one file through Codex's `exec_command` tool: `content` as given, or the valid
     * `sample` document of an artifact shape (artifact-samples.ts). `{{1}}` placeholders work
     * in `path` and `content`. A `content` of `{}` plays a model that writes an invalid artifact.
     */
    write: z
      .strictObject({
        path: z.string().min(1),
        content: z.string().optional(),
        sample: z.enum(ARTIFACT_SHAPE_NAMES).optional(),
      })
      .refine((write) => (write.content === undefined) !== (write.sample === undefined), {
        message: "write needs exactly one of content, sample",
      })
      .optional(),
    stall: z.literal(true).optional(),
    delayMs: z.number().int().min(0).optional(),
    chunks: z.number().int().min(1).max(10_000).optional(),
    chunkDelayMs: z.number().int().min(0).optional(),
    usage: z
      .strictObject({
        input_tokens: z.number().int().min(0),
        output_tokens: z.number().int().min(0),
      })
      .optional(),
  })
  .superRefine((action, ctx) => {
    const kinds = (["text", "command", "write", "fail", "stall"] as const).filter(
      (key) => action[key] !== undefined,
    );
    if (kinds.length !== 1) {
      ctx.addIssue({
        code: "custom",
        message: `a reply needs exactly one of text, command, write, fail, stall (found ${kinds.length === 0 ? "none" : kinds.join(", ")})`,
      });
    }
    if (
      action.workdir !== undefined &&
      action.command === undefined &&
      action.write === undefined
    ) {
      ctx.addIssue({ code: "custom", path: ["workdir"], message: "workdir goes with command" });
    }
    for (const key of ["chunks", "chunkDelayMs"] as const) {
      if (action[key] !== undefined && action.text === undefined) {
        ctx.addIssue({ code: "custom", path: [key], message: `${key} goes with text` });
      }
    }
  })
  .transform((action): ModelAction => {
    const delayMs = action.delayMs ?? 0;
    const usage = action.usage === undefined ? {} : { usage: action.usage };
    if (action.command !== undefined || action.write !== undefined) {
      return {
        kind: "command",
        command: action.write === undefined ? (action.command ?? "") : writeCommand(action.write),
        delayMs,
        ...usage,
        ...(action.workdir === undefined ? {} : { workdir: action.workdir }),
      };
    }
    if (action.fail !== undefined) {
      const fail = typeof action.fail === "number" ? { status: action.fail } : action.fail;
      return {
        kind: "fail",
        status: fail.status ?? 500,
        message: fail.message ?? "model-server: scripted failure",
        midStream: fail.midStream ?? false,
        delayMs,
      };
    }
    if (action.stall !== undefined) return { kind: "stall", delayMs };
    return {
      kind: "text",
      text: action.text ?? "",
      chunks: action.chunks ?? 1,
      chunkDelayMs: action.chunkDelayMs ?? 0,
      delayMs,
      ...usage,
    };
  });

/** The shell command that writes one file (its folder first); both texts single-quoted. */
export function writeCommand(write: {
  path: string;
  content?: string | undefined;
  sample?: (typeof ARTIFACT_SHAPE_NAMES)[number] | undefined;
}): string {
  const content = write.sample === undefined ? (write.content ?? "") : artifactSample(write.sample);
  const quote = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;
  const file = quote(write.path);
  return `mkdir -p "$(dirname ${file})" && printf '%s' ${quote(content)} > ${file}`;
}

/** One reply, or a list of them (the n-th answers the n-th request of a turn). */
const Replies = z.preprocess(
  (value) => (Array.isArray(value) ? value : [value]),
  z.array(ActionInput).min(1),
);

const RuleInput = z
  .strictObject({
    name: z.string().min(1).optional(),
    match: z
      .strictObject({
        contains: z.string().min(1).optional(),
        regex: z.string().min(1).optional(),
        flags: z
          .string()
          .regex(/^[imsu]*$/, "flags may only use i, m, s, u")
          .optional(),
        followUp: z.boolean().optional(),
      })
      .optional(),
    reply: Replies,
    times: z.number().int().min(1).optional(),
  })
  .superRefine((rule, ctx) => {
    const match = rule.match ?? {};
    const regex = compileRegex(match.regex, match.flags);
    if (regex instanceof Error) {
      ctx.addIssue({
        code: "custom",
        path: ["match", "regex"],
        message: `not a valid regular expression: ${regex.message}`,
      });
    } else if (match.flags !== undefined && match.regex === undefined) {
      ctx.addIssue({ code: "custom", path: ["match", "flags"], message: "flags go with regex" });
    }
    const groups = regex instanceof RegExp ? regexGroups(regex) : { count: 0, names: [] };
    rule.reply.forEach((action, step) => {
      // A reply with problems of its own never became an action: nothing more to check in it.
      if (!isAction(action)) return;
      for (const name of unknownPlaceholders(action, groups)) {
        ctx.addIssue({
          code: "custom",
          path: ["reply", step],
          message: `placeholder {{${name}}} names no group of match.regex${match.regex === undefined ? " (the rule has no regex)" : ""}`,
        });
      }
    });
  });

function compileRegex(source: string | undefined, flags: string | undefined) {
  if (source === undefined) return undefined;
  try {
    return new RegExp(source, flags ?? "");
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}

/** The script as written in a file (before validation). */
export const ModelServerScriptInput = z
  .strictObject({
    rules: z.array(RuleInput).default([]),
    default: Replies.optional(),
  })
  .superRefine((input, ctx) => {
    input.default?.forEach((action, step) => {
      if (!isAction(action)) return;
      for (const name of unknownPlaceholders(action, { count: 0, names: [] })) {
        ctx.addIssue({
          code: "custom",
          path: ["default", step],
          message: `placeholder {{${name}}} cannot be filled: the default has no regex`,
        });
      }
    });
  })
  .transform((input): ModelServerScript => {
    const rules = input.rules.map((rule, index): ModelRule => {
      const match = rule.match ?? {};
      const regex = compileRegex(match.regex, match.flags);
      return {
        label: rule.name ?? `rules[${index}]`,
        replies: rule.reply,
        ...(match.contains === undefined ? {} : { contains: match.contains }),
        ...(regex instanceof RegExp ? { regex } : {}),
        ...(match.followUp === undefined ? {} : { followUp: match.followUp }),
        ...(rule.times === undefined ? {} : { times: rule.times }),
      };
    });
    const fallback = input.default ?? [
      { kind: "text", text: DEFAULT_REPLY, chunks: 1, chunkDelayMs: 0, delayMs: 0 },
    ];
    return { rules, fallback };
  });

/** One reply as a script writes it. */
export type ModelActionSource = z.input<typeof ActionInput>;

/** A rule as a script writes it. */
export type ModelRuleSource = Omit<z.input<typeof RuleInput>, "reply"> & {
  reply: ModelActionSource | readonly ModelActionSource[];
};

/** A script as code writes it (tests, the demo); the same shape as a script file. */
export interface ModelServerScriptSource {
  rules?: readonly ModelRuleSource[];
  default?: ModelActionSource | readonly ModelActionSource[];
}

/** Validates a script; every problem is listed (`where: path: message`). */
export function parseModelServerScript(data: unknown, where = "model-server script") {
  const parsed = ModelServerScriptInput.safeParse(data);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map(
    (issue) =>
      `${where}: ${issue.path.length > 0 ? issue.path.join(".") : "(root)"}: ${issue.message}`,
  );
  throw new InvalidDataError(
    `invalid model-server script (${lines.length} problem${lines.length === 1 ? "" : "s"}):\n${lines.join("\n")}`,
    { hint: "See docs/codex-execution.md, section “Model server scripts”, for the format." },
  );
}

/** Reads and validates a script file (`.json`, or YAML for any other name). */
export async function loadModelServerScript(file: string): Promise<ModelServerScript> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new NotFoundError(
      `cannot read the model-server script ${file}: ${describeFsError(error)}`,
      {
        hint: "Pass the path of a JSON or YAML script with --script.",
      },
    );
  }
  let data: unknown;
  try {
    data =
      path.extname(file).toLowerCase() === ".json" ? JSON.parse(text) : yamlModule().parse(text);
  } catch (error) {
    throw new InvalidDataError(
      `${file} is not valid ${path.extname(file).toLowerCase() === ".json" ? "JSON" : "YAML"}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
      { hint: "Fix the syntax; docs/codex-execution.md has examples." },
    );
  }
  return parseModelServerScript(data, file);
}

// ---------------------------------------------------------------------------------------------
// Matching and placeholders

/** What the server knows about a request when it picks a reply. */
export interface RequestFacts {
  /** The latest user message's text. */
  readonly prompt: string;
  /** How many `function_call_output` items follow that message (0: the turn's first request). */
  readonly followUps: number;
}

/** The chosen reply, with placeholders filled. */
export interface SelectedReply {
  readonly rule: string;
  readonly action: ModelAction;
}

/**
 * Picks the reply for a request. `used[i]` counts the requests rule i has answered (for
 * `times`); the caller increments it for the returned rule index.
 */
export function selectReply(
  script: ModelServerScript,
  request: RequestFacts,
  used: readonly number[],
): SelectedReply & { readonly ruleIndex?: number } {
  for (const [index, rule] of script.rules.entries()) {
    if (rule.times !== undefined && (used[index] ?? 0) >= rule.times) continue;
    if (rule.followUp !== undefined && rule.followUp !== request.followUps > 0) continue;
    if (rule.contains !== undefined && !request.prompt.includes(rule.contains)) continue;
    const match = rule.regex === undefined ? undefined : rule.regex.exec(request.prompt);
    if (rule.regex !== undefined && match === null) continue;
    const step = request.followUps - (rule.followUp === true ? 1 : 0);
    const action = rule.replies[step];
    if (action === undefined) {
      return {
        rule: rule.label,
        ruleIndex: index,
        action: {
          kind: "fail",
          status: 400,
          message: `model-server: rule ${rule.label} has no reply for request ${step + 1} of this turn (it lists ${rule.replies.length})`,
          midStream: false,
          delayMs: 0,
        },
      };
    }
    return { rule: rule.label, ruleIndex: index, action: fillAction(action, match ?? undefined) };
  }
  const step = Math.min(request.followUps, script.fallback.length - 1);
  const fallback = script.fallback[step] ?? script.fallback[0];
  if (fallback === undefined) throw new Error("a script always has a default reply");
  return { rule: "default", action: fallback };
}

const PLACEHOLDER = /\{\{\s*(\w+)\s*(?:\|\s*(shell)\s*)?\}\}/g;

function regexGroups(regex: RegExp): { count: number; names: string[] } {
  const probe = new RegExp(`${regex.source}|`, regex.flags).exec("");
  return { count: (probe?.length ?? 1) - 1, names: Object.keys(probe?.groups ?? {}) };
}

function unknownPlaceholders(action: ModelAction, groups: { count: number; names: string[] }) {
  const unknown: string[] = [];
  for (const text of actionTexts(action)) {
    for (const [, name] of text.matchAll(PLACEHOLDER)) {
      if (name === undefined) continue;
      const known = /^\d+$/.test(name) ? Number(name) <= groups.count : groups.names.includes(name);
      if (!known) unknown.push(name);
    }
  }
  return unknown;
}

function isAction(value: unknown): value is ModelAction {
  return typeof value === "object" && value !== null && "kind" in value;
}

function actionTexts(action: ModelAction): string[] {
  switch (action.kind) {
    case "text":
      return [action.text];
    case "command":
      return [action.command, ...(action.workdir === undefined ? [] : [action.workdir])];
    case "fail":
      return [action.message];
    case "stall":
      return [];
  }
}

/** `{{1}}`, `{{name}}`: the group's text; `{{name|shell}}`: the same, quoted for sh. */
export function fillTemplate(text: string, match: RegExpExecArray | undefined): string {
  return text.replace(PLACEHOLDER, (whole, name: string, filter: string | undefined) => {
    const value = /^\d+$/.test(name) ? match?.[Number(name)] : match?.groups?.[name];
    if (value === undefined) return match === undefined ? whole : "";
    return filter === "shell" ? `'${value.replaceAll("'", `'\\''`)}'` : value;
  });
}

function fillAction(action: ModelAction, match: RegExpExecArray | undefined): ModelAction {
  if (match === undefined) return action;
  switch (action.kind) {
    case "text":
      return { ...action, text: fillTemplate(action.text, match) };
    case "command":
      return {
        ...action,
        command: fillTemplate(action.command, match),
        ...(action.workdir === undefined ? {} : { workdir: fillTemplate(action.workdir, match) }),
      };
    case "fail":
      return { ...action, message: fillTemplate(action.message, match) };
    case "stall":
      return action;
  }
}
