/**
 * Messages-server scripts: data that says how the stand-in model answers Claude Code. The
 * main-loop requests (those that offer tools) take the script's turns in order; a turn says
 * some text, calls one tool, or both. A turn may repeat while the latest tool result matches a
 * pattern (a `wait` that timed out is called again). `{{name}}` placeholders are filled from
 * `vars`: patterns searched in the conversation's tool results, the latest match winning.
 * Requests without tools (titles, summaries) get the `side` text.
 */
import { readFile } from "node:fs/promises";
import path from "node:path";
import * as z from "zod";
import { describeFsError, InvalidDataError, NotFoundError } from "../../errors.js";
import { yamlModule } from "../../tools/registry/yaml-module.js";
import type { AnswerBlock, ToolResult } from "./messages-api.js";

const TurnInput = z
  .strictObject({
    say: z.string().min(1).optional(),
    tool: z
      .strictObject({ name: z.string().min(1), input: z.record(z.string(), z.unknown()) })
      .optional(),
    repeatWhile: z.string().min(1).optional(),
    delayMs: z.number().int().min(0).optional(),
  })
  .superRefine((turn, ctx) => {
    if (turn.say === undefined && turn.tool === undefined) {
      ctx.addIssue({ code: "custom", message: "a turn needs say, tool or both" });
    }
    if (turn.repeatWhile !== undefined) {
      const problem = regexProblem(turn.repeatWhile);
      if (problem) ctx.addIssue({ code: "custom", path: ["repeatWhile"], message: problem });
      if (turn.tool === undefined) {
        ctx.addIssue({
          code: "custom",
          path: ["repeatWhile"],
          message: "repeatWhile goes with tool (it looks at the tool's result)",
        });
      }
    }
  });

/** A script as a file or a test writes it. */
export const MessagesScriptInput = z
  .strictObject({
    turns: z.array(TurnInput).min(1),
    vars: z.record(z.string().regex(/^\w+$/), z.string().min(1)).default({}),
    side: z.string().default("ccw session"),
    done: z.string().default("messages-server: the script has no more turns"),
  })
  .superRefine((script, ctx) => {
    for (const [name, pattern] of Object.entries(script.vars)) {
      const problem = regexProblem(pattern);
      if (problem) ctx.addIssue({ code: "custom", path: ["vars", name], message: problem });
    }
    script.turns.forEach((turn, index) => {
      for (const name of placeholders(turn)) {
        if (!Object.hasOwn(script.vars, name)) {
          ctx.addIssue({
            code: "custom",
            path: ["turns", index],
            message: `placeholder {{${name}}} names no entry of vars`,
          });
        }
      }
    });
  });

export type MessagesScriptSource = z.input<typeof MessagesScriptInput>;
export type MessagesScript = z.output<typeof MessagesScriptInput>;
export type ScriptTurn = MessagesScript["turns"][number];

/** Validates a script; every problem is listed (`where: path: message`). */
export function parseMessagesScript(
  data: unknown,
  where = "messages-server script",
): MessagesScript {
  const parsed = MessagesScriptInput.safeParse(data);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map(
    (issue) =>
      `${where}: ${issue.path.length > 0 ? issue.path.join(".") : "(root)"}: ${issue.message}`,
  );
  throw new InvalidDataError(
    `invalid messages-server script (${lines.length} problem${lines.length === 1 ? "" : "s"}):\n${lines.join("\n")}`,
    {
      hint: "See docs/claude-code.md, section “Testing with the real Claude Code”, for the format.",
    },
  );
}

/** Where a conversation stands: the next turn, and the turn answered last. */
export interface ScriptCursor {
  next: number;
  last: number | undefined;
}

/** What a request gets, and why. */
export type ScriptAnswer =
  | { readonly kind: "side"; readonly blocks: readonly AnswerBlock[] }
  | {
      readonly kind: "turn";
      readonly turn: number;
      readonly repeated: boolean;
      readonly blocks: readonly AnswerBlock[];
      readonly delayMs: number;
    }
  | { readonly kind: "done"; readonly blocks: readonly AnswerBlock[] }
  | { readonly kind: "unfilled"; readonly turn: number; readonly blocks: readonly AnswerBlock[] };

/** What the server knows of one request, for choosing its answer. */
export interface ScriptRequest {
  /** Whether it offers tools (Claude Code's main loop does; side requests do not). */
  readonly mainLoop: boolean;
  /** The tool results that the request's last message carries. */
  readonly latestResults: readonly ToolResult[];
  /** Every tool result of the conversation, oldest first. */
  readonly allResults: readonly ToolResult[];
}

/**
 * Chooses the answer to one request and moves `cursor` on. `newId` names tool_use blocks.
 * Pure apart from the cursor, so a test can walk a script without a server.
 */
export function nextAnswer(
  script: MessagesScript,
  cursor: ScriptCursor,
  request: ScriptRequest,
  newId: () => string,
): ScriptAnswer {
  if (!request.mainLoop) return { kind: "side", blocks: [{ type: "text", text: script.side }] };
  const previous = cursor.last === undefined ? undefined : script.turns[cursor.last];
  const latest = request.latestResults.map((result) => result.text).join("\n");
  let index: number;
  let repeated = false;
  if (
    previous?.repeatWhile !== undefined &&
    request.latestResults.length > 0 &&
    new RegExp(previous.repeatWhile).test(latest)
  ) {
    index = cursor.last as number;
    repeated = true;
  } else {
    index = cursor.next;
    if (index >= script.turns.length) {
      return { kind: "done", blocks: [{ type: "text", text: script.done }] };
    }
    cursor.next = index + 1;
  }
  cursor.last = index;
  const turn = script.turns[index] as ScriptTurn;
  const values = captureVars(script.vars, request.allResults);
  const missing = placeholders(turn).filter((name) => values[name] === undefined);
  if (missing.length > 0) {
    const text = missing
      .map(
        (name) =>
          `messages-server: turns[${index}]: {{${name}}} is not filled: no tool result so far matched /${script.vars[name]}/`,
      )
      .join("\n");
    return { kind: "unfilled", turn: index, blocks: [{ type: "text", text }] };
  }
  const blocks: AnswerBlock[] = [];
  if (turn.say !== undefined) blocks.push({ type: "text", text: String(fill(turn.say, values)) });
  if (turn.tool !== undefined) {
    blocks.push({
      type: "tool_use",
      id: newId(),
      name: turn.tool.name,
      input: fill(turn.tool.input, values) as Record<string, unknown>,
    });
  }
  return { kind: "turn", turn: index, repeated, blocks, delayMs: turn.delayMs ?? 0 };
}

/** The value of each var: its pattern's first group (or whole match) in the latest result that matches. */
export function captureVars(
  vars: Readonly<Record<string, string>>,
  results: readonly ToolResult[],
): Record<string, string | undefined> {
  const values: Record<string, string | undefined> = {};
  for (const [name, pattern] of Object.entries(vars)) {
    const regex = new RegExp(pattern);
    for (const result of [...results].reverse()) {
      const match = regex.exec(result.text);
      if (match) {
        values[name] = match[1] ?? match[0];
        break;
      }
    }
  }
  return values;
}

function fill(value: unknown, values: Record<string, string | undefined>): unknown {
  if (typeof value === "string") {
    return value.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => values[name] ?? whole);
  }
  if (Array.isArray(value)) return value.map((item) => fill(item, values));
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, fill(item, values)]),
    );
  }
  return value;
}

function placeholders(turn: z.input<typeof TurnInput>): string[] {
  const text = JSON.stringify([turn.say ?? "", turn.tool?.input ?? {}]);
  return [...new Set([...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1] as string))];
}

function regexProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern);
    return undefined;
  } catch (error) {
    return `not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** Reads and validates a script file (JSON, or YAML for any other extension). */
export async function loadMessagesScript(file: string): Promise<MessagesScript> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new NotFoundError(
      `cannot read the messages-server script ${file}: ${describeFsError(error)}`,
      { hint: "Pass the path of a JSON or YAML script with --script." },
    );
  }
  const json = path.extname(file).toLowerCase() === ".json";
  let data: unknown;
  try {
    data = json ? JSON.parse(text) : yamlModule().parse(text);
  } catch (error) {
    throw new InvalidDataError(
      `${file} is not valid ${json ? "JSON" : "YAML"}: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`,
      { hint: "Fix the syntax; docs/claude-code.md (section 9) has an example." },
    );
  }
  return parseMessagesScript(data, file);
}
