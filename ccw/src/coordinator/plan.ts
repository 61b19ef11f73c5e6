/**
 * Planning: intent → analysis → a chain of whole units → a `planned` session state whose every
 * step names an existing prompt that expands with the coordinator's bindings. All problems are
 * collected and reported together before anything is written.
 */
import path from "node:path";
import { InvalidDataError, NotFoundError, UsageError } from "../errors.js";
import type {
  SessionOptions,
  SessionState,
  StepState,
  UnitState,
} from "../session/state-schema.js";
import { expandPrompt, type PromptPlaceholders } from "../tools/registry/prompt-expansion.js";
import type { ArtifactContract } from "../tools/registry/prompt-writes.js";
import { type AnalysisRationale, analyzeWithRationale } from "./analyze.js";
import { expectedArtifacts } from "./pipeline-view.js";
import { type ChainChoice, type Depth, routeIntent } from "./routing.js";
import { sessionDir, stepFiles } from "./session-paths.js";
import { findUnit, unitsContaining } from "./units.js";

/** The names the coordinator binds for every step (coordinator.md §5). */
export const BINDING_NAMES = [
  "TASK",
  "SESSION_DIR",
  "ARTIFACT_DIR",
  "PREV_ARTIFACT_DIR",
  "PREV_OUTPUT",
  "DEPTH",
] as const;

/** What planning needs of a prompt (a CodexPrompt of the registry fits). */
export interface PlannablePrompt {
  readonly name: string;
  readonly category: string;
  readonly path: string;
  readonly body: string;
  readonly placeholders: PromptPlaceholders;
  /** Its `## Writes` section: what a step must leave behind (docs/coordinator.md, "Verified steps"). */
  readonly contract?: ArtifactContract;
}

/** Where planning finds prompts (the CodexPromptRegistry fits). */
export interface PromptLookup {
  get(name: string): Promise<PlannablePrompt | undefined>;
  /** Every prompt, and the problems of files that could not be loaded (when known). */
  list(): Promise<{
    prompts: readonly { name: string }[];
    diagnostics?: readonly { file: string; line?: number; message: string }[];
  }>;
}

/** A unit of the chain being planned: a catalog unit, or a single prompt chosen by name. */
export interface ChainUnit {
  readonly id: string;
  readonly name: string;
  readonly steps: readonly string[];
}

/** What the user chose for a session (the options of `ccw coordinator codex`). */
export interface PlanSettings {
  /** `--chain`: unit ids or prompt names, in order. */
  readonly chain?: readonly string[];
  readonly depth?: Depth;
  readonly maxRetries: number;
  /** `--max-repairs`: repair turns per attempt (absent: the default, 1). */
  readonly maxRepairs?: number;
  /** `--verify`: the user's own check commands, run with sh -c after each unit. */
  readonly verify?: readonly string[];
  readonly timeoutMs: number;
  readonly allowPartial: boolean;
  readonly model?: string;
  readonly sandbox?: SessionOptions["sandbox"];
  readonly codexBin?: string;
}

export interface PlanRequest extends PlanSettings {
  readonly intent: string;
  readonly workspace: string;
  readonly sessionId: string;
  readonly now: string;
  /** Folders the prompts were looked for in, for the "not found" message. */
  readonly promptFolders: readonly string[];
}

export interface PlanResult {
  readonly state: SessionState;
  /** Expected artifacts per step index. */
  readonly expected: ReadonlyMap<number, readonly string[]>;
  readonly rationale: {
    readonly analysis: AnalysisRationale;
    readonly chosen: ChainChoice | undefined;
    readonly alternatives: readonly ChainChoice[];
  };
}

/**
 * Turns `--chain` tokens into whole units. A unit id is that unit; consecutive prompt names that
 * spell a unit's steps are that unit; a prompt that belongs to no unit runs alone. A prompt that
 * is only part of a unit is refused, unless `allowPartial`.
 */
export function resolveChain(tokens: readonly string[], allowPartial: boolean): ChainUnit[] {
  const units: ChainUnit[] = [];
  for (let i = 0; i < tokens.length; ) {
    const token = tokens[i] as string;
    const catalog = findUnit(token);
    if (catalog) {
      units.push(catalog);
      i++;
      continue;
    }
    const spelled = unitsContaining(token)
      .filter((unit) => unit.steps.every((step, at) => tokens[i + at] === step))
      .sort((a, b) => b.steps.length - a.steps.length)[0];
    if (spelled) {
      units.push(spelled);
      i += spelled.steps.length;
      continue;
    }
    const owners = unitsContaining(token);
    if (owners.length > 0 && !allowPartial) {
      const described = owners.map((unit) => `${unit.id} (${unit.steps.join(" → ")})`).join(", ");
      throw new UsageError(
        `--chain: ${token} is one step of ${owners.length === 1 ? "unit" : "units"} ${described}; a unit runs whole`,
        {
          hint: `Name the unit (--chain ${owners[0]?.id}), list all of its steps in order, or add --allow-partial to run ${token} alone.`,
        },
      );
    }
    units.push({
      id: token,
      name: owners.length > 0 ? `${token} (partial)` : token,
      steps: [token],
    });
    i++;
  }
  if (units.length === 0) throw new UsageError("--chain needs at least one unit or prompt name");
  return units;
}

/** The six bindings of step `index` of a chain whose step commands are `commands`. */
export function stepBindings(
  dir: string,
  goal: string,
  depth: Depth,
  commands: readonly string[],
  index: number,
): Record<(typeof BINDING_NAMES)[number], string> {
  const own = stepFiles(dir, index, commands[index] ?? "");
  const previous = index > 0 ? stepFiles(dir, index - 1, commands[index - 1] ?? "") : undefined;
  return {
    TASK: goal,
    SESSION_DIR: dir,
    ARTIFACT_DIR: own.artifacts,
    PREV_ARTIFACT_DIR: previous ? previous.artifacts : path.join(dir, "input"),
    PREV_OUTPUT: previous ? previous.lastMessage : path.join(dir, "input", "intent.md"),
    DEPTH: depth,
  };
}

/**
 * The text sent to Codex for a prompt with these bindings. Named prompts take the bindings;
 * positional ones take the task as `$1` and `$ARGUMENTS`.
 */
export function expandForStep(
  prompt: PlannablePrompt,
  bindings: Readonly<Record<string, string>>,
): { ok: true; text: string } | { ok: false; error: string } {
  const unbound = prompt.placeholders.named.filter(
    (name) => !(BINDING_NAMES as readonly string[]).includes(name),
  );
  if (unbound.length > 0) {
    return {
      ok: false,
      error: `it uses ${unbound.map((name) => `$${name}`).join(", ")}, which the coordinator cannot bind (it binds ${BINDING_NAMES.map((name) => `$${name}`).join(", ")}); write $$ for a literal dollar sign`,
    };
  }
  const expanded = expandPrompt(prompt.body, {
    kind: "bindings",
    bindings,
    positional: [bindings.TASK ?? ""],
  });
  // `ccw cli` refuses an empty prompt; a step must not send Codex nothing either.
  if (expanded.ok && expanded.text.trim() === "") {
    return {
      ok: false,
      error: "it is empty: there is nothing to send to Codex; write the task in it",
    };
  }
  return expanded;
}

/**
 * Why the prompt called `name` cannot be used although files of that name exist (bad
 * frontmatter, a broken link, ...): their diagnostics as `file:line: message`; empty when there
 * is no such file at all.
 */
export async function promptFileProblems(
  prompts: { list?: PromptLookup["list"] },
  name: string,
): Promise<string[]> {
  if (!prompts.list) return [];
  const { diagnostics = [] } = await prompts.list();
  return diagnostics
    .filter((diagnostic) => path.basename(diagnostic.file, ".md") === name)
    .map((diagnostic) =>
      diagnostic.line === undefined
        ? `${diagnostic.file}: ${diagnostic.message}`
        : `${diagnostic.file}:${diagnostic.line}: ${diagnostic.message}`,
    );
}

/** The session's options from what the user chose (the options of `ccw coordinator codex`). */
function sessionOptions(request: PlanSettings, depth: Depth): SessionOptions {
  return {
    depth,
    max_retries: request.maxRetries,
    ...(request.maxRepairs === undefined ? {} : { max_repairs: request.maxRepairs }),
    ...(request.verify === undefined || request.verify.length === 0
      ? {}
      : { verify: [...request.verify] }),
    timeout_ms: request.timeoutMs,
    allow_partial: request.allowPartial,
    ...(request.model === undefined ? {} : { model: request.model }),
    ...(request.sandbox === undefined ? {} : { sandbox: request.sandbox }),
    ...(request.codexBin === undefined ? {} : { codex_bin: request.codexBin }),
  };
}

/** Plans a session. Throws a UsageError, NotFoundError or InvalidDataError listing every problem. */
export async function planSession(
  request: PlanRequest,
  prompts: PromptLookup,
): Promise<PlanResult> {
  const { analysis, rationale } = analyzeWithRationale(request.intent);
  if (analysis.goal === "") throw new UsageError("the intent is empty: say what you want done");
  const routed = routeIntent(analysis);
  const chosen = request.chain === undefined ? routed.recommended : undefined;
  const units: ChainUnit[] = chosen
    ? chosen.units.map((id) => findUnit(id) as ChainUnit)
    : resolveChain(request.chain ?? [], request.allowPartial);
  const alternatives = chosen ? routed.alternatives : [routed.recommended, ...routed.alternatives];
  const depth: Depth = request.depth ?? chosen?.depth ?? "standard";
  const dir = sessionDir(request.workspace, request.sessionId);
  const commands = units.flatMap((unit) => unit.steps);

  const missing: string[] = [];
  const broken: string[] = [];
  const steps: StepState[] = [];
  const expected = new Map<number, readonly string[]>();
  for (const [index, command] of commands.entries()) {
    const prompt = await prompts.get(command);
    const unit = unitOfStep(units, index);
    if (!prompt) {
      // A file of that name that cannot be loaded is not "missing": say what is wrong with it.
      const problems = await promptFileProblems(prompts, command);
      if (problems.length > 0) broken.push(...problems);
      else missing.push(command);
      continue;
    }
    const bindings = stepBindings(dir, analysis.goal, depth, commands, index);
    const expansion = expandForStep(prompt, bindings);
    if (!expansion.ok) broken.push(`${prompt.path}: ${expansion.error}`);
    steps.push({
      index,
      command,
      unit: unit.id,
      category: prompt.category,
      args: argsFor(prompt.placeholders, bindings),
      status: "pending",
      attempts: 0,
    });
    expected.set(index, expectedArtifacts(prompt.body, prompt.category, findUnit(unit.id)?.edits));
  }
  if (missing.length > 0 || broken.length > 0) {
    throw await planningError(missing, broken, request.promptFolders, prompts);
  }

  let position = 0;
  const unitStates: UnitState[] = units.map((unit) => {
    const indexes = unit.steps.map(() => position++);
    return { id: unit.id, name: unit.name, steps: indexes, status: "pending" };
  });
  const options = sessionOptions(request, depth);
  const state: SessionState = {
    schema_version: 1,
    session_id: request.sessionId,
    created_at: request.now,
    updated_at: request.now,
    status: "planned",
    intent: request.intent,
    workspace: request.workspace,
    options,
    analysis,
    units: unitStates,
    command_chain: steps,
    execution_results: [],
    current_index: null,
    owner: null,
  };
  return { state, expected, rationale: { analysis: rationale, chosen, alternatives } };
}

/**
 * A run without confirmation (`--yes`) of a chain that routing chose on an assumed task type (no
 * rule matched the intent) must not change the project: refused, before anything is saved, when
 * one of its units edits files. The user confirms by naming the chain (`--chain`), or by
 * planning (`--plan-only`) and running the planned session (`resume --yes`).
 */
export function checkUnconfirmedRun(plan: PlanResult): void {
  const { analysis } = plan.state;
  if (!analysis.assumed || plan.rationale.chosen === undefined) return;
  const editing = plan.state.units.filter(
    (unit) => (findUnit(unit.id)?.edits ?? "code") !== "none",
  );
  if (editing.length === 0) return;
  const steps = plan.state.command_chain.map((step) => step.command).join(" → ");
  throw new UsageError(
    `--yes: no rule matched the intent, so its task type (${analysis.task_type}) is only assumed, and the chain ${steps} would change the project's files; nothing was saved or run`,
    {
      hint: `Name the chain you want (--chain ${editing[0]?.id ?? "quick-implementation"}, or --chain review to only look), or plan with --plan-only, check the plan, and run it with ccw coordinator resume <session-id> --yes.`,
    },
  );
}

function unitOfStep(units: readonly ChainUnit[], index: number): ChainUnit {
  let position = 0;
  for (const unit of units) {
    position += unit.steps.length;
    if (index < position) return unit;
  }
  throw new RangeError(`no unit holds step ${index}`);
}

/** The bindings a step's prompt actually uses (all of them are recorded as its args). */
function argsFor(
  placeholders: PromptPlaceholders,
  bindings: Readonly<Record<string, string>>,
): Record<string, string> {
  if (placeholders.mode === "positional") return { ARGUMENTS: bindings.TASK ?? "" };
  const args: Record<string, string> = {};
  for (const name of BINDING_NAMES) {
    if (placeholders.named.includes(name)) args[name] = bindings[name] ?? "";
  }
  return args;
}

async function planningError(
  missing: readonly string[],
  broken: readonly string[],
  folders: readonly string[],
  prompts: PromptLookup,
): Promise<Error> {
  const lines: string[] = [];
  if (missing.length > 0) {
    const known = (await prompts.list()).prompts.map((prompt) => prompt.name);
    for (const name of missing) {
      const similar = known.filter((other) => other.includes(name) || name.includes(other));
      lines.push(
        `prompt ${name} not found${similar.length > 0 ? ` (did you mean ${similar.slice(0, 3).join(", ")}?)` : ""}`,
      );
    }
    lines.push(`looked in: ${folders.join(", ")}`);
  }
  for (const problem of broken) lines.push(`cannot plan with ${problem}`);
  const message = lines.join("\n");
  if (broken.length === 0) {
    return new NotFoundError(message, {
      hint: "Install ccw's prompt pack with `ccw workflow install --codex` (or add the prompt to .codex/prompts/).",
    });
  }
  return new InvalidDataError(message, {
    hint: "Fix the prompt file (placeholders the coordinator binds: $TASK, $SESSION_DIR, $ARTIFACT_DIR, $PREV_ARTIFACT_DIR, $PREV_OUTPUT, $DEPTH).",
  });
}
