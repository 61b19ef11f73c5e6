import path from "node:path";
import { type Command, Option } from "commander";
import type { CommandRuntime, RegisterCommand } from "../command-runtime.js";
import type { CliContext } from "../context.js";
import { InvalidDataError, NotFoundError, UsageError } from "../errors.js";
import { displayPath } from "../lib/fs/display-path.js";
import { resolveWorkspace } from "../lib/fs/workspace.js";
import { closeNames } from "../lib/text/close-names.js";
import type {
  CodexPrompt,
  CodexPromptRegistry,
  Diagnostic,
} from "../tools/codex-prompt-registry.js";
import { formatDiagnostic, writeDiagnostics } from "../tools/registry/diagnostic.js";
import { PROMPT_CATEGORIES, type PromptCategory } from "../tools/registry/prompt-category.js";
import type { PromptPlaceholders } from "../tools/registry/prompt-expansion.js";
import { type ArtifactContract, describeContract } from "../tools/registry/prompt-writes.js";
import { printTable } from "./print-table.js";

interface WorkspaceOptions {
  readonly cd?: string;
}

interface ExpandOptions extends WorkspaceOptions {
  readonly args?: string;
  readonly json?: boolean;
}

const CD_HELP = "the workspace whose .codex/prompts is read (default: the current folder)";
const WHERE_HELP = [
  "",
  "Prompts are read from <workspace>/.codex/prompts/*.md, then $CODEX_HOME/prompts/*.md",
  "($CODEX_HOME defaults to ~/.codex), then the pack shipped with ccw (source `builtin`);",
  "each hides a prompt of the same name in the ones after it.",
  "Details: docs/prompts.md",
].join("\n");

/** The examples of `ccw codex prompts expand --help`; every prompt they name exists. */
const EXPAND_EXAMPLES = [
  "",
  "Examples:",
  '  ccw codex prompts expand lite-plan-a TASK="Add rate limiting" ARTIFACT_DIR=out PREV_ARTIFACT_DIR=- DEPTH=standard',
  "  ccw codex prompts list    (the prompts there are, and the placeholders each one takes)",
  "",
  "A prompt of your own that takes $1 and $2 (say .codex/prompts/my-review.md) gets words:",
  "  ccw codex prompts expand my-review src/auth.ts high",
  "  ccw codex prompts expand my-review --args 'src/auth.ts \"very high\"'",
  "",
  "$$ in a prompt stands for one literal $. Rules and examples: docs/prompts.md",
].join("\n");

/** `ccw codex prompts list|show|expand`: the CodexPromptRegistry on the command line. */
export const registerCodexCommand: RegisterCommand = (program, runtime) => {
  const codex = program
    .command("codex")
    .description("work with Codex prompts (.codex/prompts and $CODEX_HOME/prompts)");
  const prompts = codex
    .command("prompts")
    .description("list, show and expand the Codex prompts of a workspace and of the user")
    .addHelpText("after", WHERE_HELP);

  addListCommand(prompts, runtime);
  addShowCommand(prompts, runtime);
  addExpandCommand(prompts, runtime);
};

/** `ccw codex prompts list`: the prompts of the workspace and the user, with their categories. */
function addListCommand(prompts: Command, runtime: CommandRuntime): void {
  const { ctx } = runtime;
  prompts
    .command("list")
    .description(
      "List every prompt with its category, source and placeholders; problems with prompt files are printed as warnings on stderr.",
    )
    .option("--json", "print {prompts, diagnostics} as JSON on stdout")
    .addOption(
      new Option("--category <category>", "only prompts of this category").choices(
        PROMPT_CATEGORIES,
      ),
    )
    .option("--cd <dir>", CD_HELP)
    .addHelpText(
      "after",
      `\nExamples:\n  ccw codex prompts list\n  ccw codex prompts list --category planning --json\n${WHERE_HELP}`,
    )
    .action(async (options: WorkspaceOptions & { json?: boolean; category?: PromptCategory }) => {
      const registry = await openRegistry(ctx, options.cd);
      const listing = await registry.list();
      const shown = listing.prompts.filter(
        (prompt) => options.category === undefined || prompt.category === options.category,
      );
      if (options.json) {
        const json = {
          prompts: shown.map(promptSummary),
          diagnostics: listing.diagnostics.map(diagnosticJson),
        };
        ctx.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
        return;
      }
      if (shown.length > 0) await printTable(promptRows(shown, registry), ctx);
      writeDiagnostics(ctx, listing.diagnostics);
      ctx.stderr.write(
        `${ctx.style.dim(listSummary(shown, listing.prompts.length, registry, ctx, options.category))}\n`,
      );
    });
}

/** `ccw codex prompts show`: one prompt: where it is, its frontmatter, its placeholders. */
function addShowCommand(prompts: Command, runtime: CommandRuntime): void {
  const { ctx } = runtime;
  prompts
    .command("show")
    .description(
      "Show one prompt: where it comes from, its fields and placeholders, then its body.",
    )
    .argument("<name>", "the prompt's name (its file name without .md)")
    .option("--json", "print the prompt, with its body, as JSON on stdout")
    .option("--cd <dir>", CD_HELP)
    .addHelpText(
      "after",
      `\nExamples:\n  ccw codex prompts show lite-plan-a\n  ccw codex prompts show execute --json\n${WHERE_HELP}`,
    )
    .action(async (name: string, options: WorkspaceOptions & { json?: boolean }) => {
      const registry = await openRegistry(ctx, options.cd);
      const prompt = await findPrompt(registry, name, ctx);
      if (options.json) {
        ctx.stdout.write(`${JSON.stringify(promptDetail(prompt), null, 2)}\n`);
        return;
      }
      ctx.stdout.write(describePrompt(prompt, ctx));
    });
}

/** `ccw codex prompts expand`: one prompt with its arguments filled in, as Codex would get it. */
function addExpandCommand(prompts: Command, runtime: CommandRuntime): void {
  const { ctx } = runtime;
  prompts
    .command("expand")
    .description(
      "Print a prompt's body with its placeholders filled in, exactly as ccw would send it to Codex. Named prompts take KEY=value arguments (every placeholder is required); others take positional arguments for $1..$9 and $ARGUMENTS.",
    )
    .argument("<name>", "the prompt's name")
    .argument(
      "[args...]",
      "KEY=value pairs, or positional words (put -- before words starting with -)",
    )
    .option(
      "--args <text>",
      "the arguments as one string, split like a shell would (as typed after /prompts:<name> in Codex)",
    )
    .option("--cd <dir>", CD_HELP)
    .option("--json", "print the prompt's name, source, file and expanded text as JSON")
    .addHelpText("after", EXPAND_EXAMPLES)
    .action(async (name: string, args: string[], options: ExpandOptions) => {
      if (options.args !== undefined && args.length > 0) {
        throw new UsageError("give the arguments either as words or with --args, not both", {
          hint: `For example: ccw codex prompts expand ${name} --args '${args.join(" ")}'`,
        });
      }
      const registry = await openRegistry(ctx, options.cd);
      const prompt = await findPrompt(registry, name, ctx);
      const { expandPrompt } = await import("../tools/registry/prompt-expansion.js");
      const result = expandPrompt(
        prompt.body,
        options.args === undefined ? { kind: "argv", args } : { kind: "args", args: options.args },
      );
      if (!result.ok) {
        throw new UsageError(`cannot expand prompt "${prompt.name}": ${result.error}`, {
          hint: usageHint(prompt),
        });
      }
      if (options.json) {
        const { name: shown, source, path: file } = prompt;
        const json = { name: shown, source, path: file, text: result.text };
        ctx.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
      } else ctx.stdout.write(result.text.endsWith("\n") ? result.text : `${result.text}\n`);
    });
}

async function openRegistry(ctx: CliContext, cd: string | undefined): Promise<CodexPromptRegistry> {
  const workspace = await resolveWorkspace(ctx.cwd, cd);
  const { CodexPromptRegistry, defaultCodexHome } = await import(
    "../tools/codex-prompt-registry.js"
  );
  return new CodexPromptRegistry({
    workspace,
    // A relative CODEX_HOME is relative to where ccw runs, as it is for Codex.
    codexHome: path.resolve(ctx.cwd, defaultCodexHome(ctx.env, ctx.homedir)),
    ...(ctx.builtinPrompts === undefined ? {} : { builtinDir: ctx.builtinPrompts }),
  });
}

/** The prompt called `name`, or a NotFoundError with close names, or InvalidDataError. */
async function findPrompt(registry: CodexPromptRegistry, name: string, ctx: CliContext) {
  const found = await registry.lookup(name);
  if (found.prompt) return found.prompt;
  const [first, ...rest] = found.diagnostics;
  if (first) {
    const shown = (d: Diagnostic) =>
      formatDiagnostic({ ...d, file: displayPath(d.file, { cwd: ctx.cwd }) });
    throw new InvalidDataError(`prompt "${name}" cannot be used: ${shown(first)}`, {
      hint: [...rest.map(shown), "Fix the file, then try again."].join("\n"),
    });
  }
  const { prompts } = await registry.list();
  const close = closeNames(
    name,
    prompts.map((prompt) => prompt.name),
  );
  const where = `${displayPath(registry.projectDir, { cwd: ctx.cwd })} and ${displayPath(registry.userDir, { cwd: ctx.cwd })}`;
  throw new NotFoundError(`no prompt named "${name}" in ${where}`, {
    hint:
      close.length > 0
        ? `Did you mean ${close.map((c) => `"${c}"`).join(", ")}? \`ccw codex prompts list\` shows every prompt.`
        : "`ccw codex prompts list` shows every prompt; docs/prompts.md says where prompts are found.",
  });
}

/** The JSON of one prompt in a listing (the shape docs/prompts.md documents). */
function promptSummary(prompt: CodexPrompt) {
  return {
    name: prompt.name,
    category: prompt.category,
    description: prompt.description ?? null,
    argumentHint: prompt.argumentHint ?? null,
    source: prompt.source,
    path: prompt.path,
    placeholders: prompt.placeholders,
    shadows: prompt.shadows ?? null,
  };
}

function promptDetail(prompt: CodexPrompt) {
  return {
    ...promptSummary(prompt),
    categorySource: prompt.categorySource,
    contract: prompt.contract === undefined ? null : contractJson(prompt.contract),
    body: prompt.body,
  };
}

/** The contract as `show --json` prints it: each declared file, when, and what is checked. */
function contractJson(contract: ArtifactContract) {
  return contract.artifacts.map((artifact) => ({
    path: `$ARTIFACT_DIR/${artifact.path}`,
    when: artifact.when,
    format: artifact.format,
    shape: artifact.shape ?? null,
    line: artifact.line,
  }));
}

function diagnosticJson(diagnostic: Diagnostic) {
  return { file: diagnostic.file, line: diagnostic.line ?? null, message: diagnostic.message };
}

function placeholderText(placeholders: PromptPlaceholders): string {
  switch (placeholders.mode) {
    case "named":
      return placeholders.named.join(" ");
    case "positional":
      return placeholders.positional.join(" ");
    case "none":
      return "-";
  }
}

/** The source of the prompt that `prompt` hides (the folder its `shadows` path lies in). */
function hiddenSource(prompt: CodexPrompt, registry: CodexPromptRegistry): string {
  const folder = prompt.shadows === undefined ? "" : path.dirname(prompt.shadows);
  return registry.sources().find(([, dir]) => dir === folder)?.[0] ?? "user";
}

function promptRows(prompts: readonly CodexPrompt[], registry: CodexPromptRegistry): string[][] {
  return [
    ["NAME", "CATEGORY", "SOURCE", "PLACEHOLDERS", "DESCRIPTION"],
    ...prompts.map((prompt) => [
      prompt.name,
      prompt.category,
      prompt.shadows ? `${prompt.source} (hides ${hiddenSource(prompt, registry)})` : prompt.source,
      shorten(placeholderText(prompt.placeholders), 40),
      prompt.description ?? "",
    ]),
  ];
}

function listSummary(
  shown: readonly CodexPrompt[],
  total: number,
  registry: CodexPromptRegistry,
  ctx: CliContext,
  category: PromptCategory | undefined,
): string {
  const where = registry
    .sources()
    .map(([, dir]) => displayPath(dir, { cwd: ctx.cwd }))
    .join(", ");
  if (total === 0)
    return `No prompts found in ${where}. Add Markdown files there (docs/prompts.md).`;
  const count = (source: string) => shown.filter((prompt) => prompt.source === source).length;
  const counted = `${shown.length} prompt${shown.length === 1 ? "" : "s"}`;
  const filter = category === undefined ? "" : ` of category ${category} (of ${total})`;
  const parts = [`${count("project")} from the project`, `${count("user")} from the user`];
  if (registry.builtinDir !== undefined) parts.push(`${count("builtin")} built in`);
  return `${counted}${filter}: ${parts.join(", ")} (${where})`;
}

function describePrompt(prompt: CodexPrompt, ctx: CliContext): string {
  const { bold, dim } = ctx.outStyle;
  const rows: [string, string | undefined][] = [
    ["name", prompt.name],
    ["source", `${prompt.source} (${displayPath(prompt.path, { cwd: ctx.cwd })})`],
    ["shadows", prompt.shadows && `the prompt ${displayPath(prompt.shadows, { cwd: ctx.cwd })}`],
    [
      "category",
      `${prompt.category} (${prompt.categorySource === "frontmatter" ? "from the frontmatter" : "from the name"})`,
    ],
    ["description", prompt.description],
    ["arguments", prompt.argumentHint],
    [
      "placeholders",
      `${prompt.placeholders.mode}${prompt.placeholders.mode === "none" ? "" : `: ${placeholderText(prompt.placeholders)}`}`,
    ],
  ];
  const contract = describeContract(prompt.contract);
  rows.push(["contract", contract.join(`\n${" ".repeat(13)}`)]);
  const shown = rows.filter((row): row is [string, string] => row[1] !== undefined);
  const header = shown.map(([key, value]) => `${bold(key.padEnd(13))}${value}`).join("\n");
  const rule = dim("-".repeat(40));
  const body = prompt.body.endsWith("\n") || prompt.body === "" ? prompt.body : `${prompt.body}\n`;
  return `${header}\n${rule}\n${body}`;
}

function usageHint(prompt: CodexPrompt): string {
  const { placeholders } = prompt;
  if (placeholders.mode === "named") {
    const example = placeholders.named.map((name) => `${name}=...`).join(" ");
    return `Usage: ccw codex prompts expand ${prompt.name} ${example}${prompt.argumentHint ? `\nArguments: ${prompt.argumentHint}` : ""}`;
  }
  return `Usage: ccw codex prompts expand ${prompt.name} [words...]`;
}

function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}
