import path from "node:path";
import { type Command, InvalidArgumentError, Option } from "commander";
import type { CommandRuntime, RegisterCommand } from "../command-runtime.js";
import { DEPTHS, type Depth } from "../coordinator/routing.js";
import { parseDuration } from "../lib/text/duration.js";
import type { SessionOptions } from "../session/state-schema.js";
import { CODEX_SANDBOX_MODES } from "../tools/codex/codex-argv.js";
import { MAX_RETRIES, timeoutProblem } from "../tools/codex/run-limits.js";
import { maxRepairsOption, type VerifiedStepFlags, verifyOption } from "./verified-step-options.js";

const DEFAULT_TIMEOUT = "30m";

function parseRetries(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) > MAX_RETRIES)
    throw new InvalidArgumentError(`expected a whole number of retries from 0 to ${MAX_RETRIES}.`);
  return Number(value);
}

/** Every duration option: the one rule of lib/text/duration.ts, within Node's timers. */
function parseTimeout(value: string): number {
  const parsed = parseDuration(value);
  if (!parsed.ok) throw new InvalidArgumentError(`${parsed.problem}.`);
  const problem = timeoutProblem(parsed.ms);
  if (problem !== undefined) throw new InvalidArgumentError(`${problem}.`);
  return parsed.ms;
}

const parseWaitTimeout = parseTimeout;

/** How many sessions `list` shows without --all. */
export const DEFAULT_LIST_LIMIT = 20;

function parseLimit(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 1_000_000)
    throw new InvalidArgumentError("expected a whole number of sessions from 1 to 1000000.");
  return Number(value);
}

function parseChain(value: string): string[] {
  const tokens = value
    .split(",")
    .map((token) => token.trim())
    .filter((token) => token !== "");
  if (tokens.length === 0)
    throw new InvalidArgumentError("expected unit ids or prompt names separated by commas.");
  return tokens;
}

/** The coordinator's code and its environment, loaded only when a subcommand runs. */
async function load(runtime: CommandRuntime, cd: string | undefined) {
  const [actions, { coordinatorEnvironment }] = await Promise.all([
    import("../coordinator/actions.js"),
    import("../coordinator/environment.js"),
  ]);
  const env = await coordinatorEnvironment(runtime.ctx, cd, (code) => runtime.setExitCode(code));
  return { actions, env };
}

const cdOption = () =>
  new Option(
    "--cd <dir>",
    "the workspace (default: the nearest folder upwards with sessions, else the git root, else here)",
  );

/** `ccw coordinator`: plan, confirm, run and resume chains of Codex prompts. */
export const registerCoordinatorCommand: RegisterCommand = (
  program: Command,
  runtime: CommandRuntime,
) => {
  const coordinator = program
    .command("coordinator")
    .description(
      "plan, run and resume chains of Codex prompts (sessions live in .workflow/.codex-coordinator/)",
    );

  addPlanCommand(coordinator, runtime);
  addResumeCommand(coordinator, runtime);
  addStatusCommand(coordinator, runtime);
  registerWait(coordinator, runtime);
  addListCommand(coordinator, runtime);
  addAbortCommand(coordinator, runtime);
};

/** `ccw coordinator codex <intent...>`: plan, confirm and run a chain. */
function addPlanCommand(coordinator: Command, runtime: CommandRuntime): void {
  coordinator
    .command("codex")
    .description(
      "analyze an intent, recommend a chain of prompt units, confirm it and run it with codex exec",
    )
    .argument("<intent...>", "what you want done, in English or Chinese")
    .option("-y, --yes", "run without asking for confirmation")
    .option(
      "--plan-only",
      "plan and save the session, run nothing (then: ccw coordinator resume <id> --yes)",
    )
    .option("--dry-run", "show the plan and write nothing (--plan-only saves it for later)")
    .option(
      "--chain <units>",
      "force the chain: unit ids or prompt names, comma-separated (whole units)",
      parseChain,
    )
    .addOption(new Option("--depth <depth>", "how thoroughly the prompts work").choices(DEPTHS))
    .option("--verbose", "show why this chain was chosen and the alternatives")
    .option(
      "--json",
      "print the plan, then the final state, as JSON on stdout (human text goes to stderr)",
    )
    // No commander defaults: an option not given leaves the value to the configuration files.
    .option(
      "--max-retries <n>",
      `retries of a failed step before giving up (0 to ${MAX_RETRIES}; default 1)`,
      parseRetries,
    )
    .addOption(maxRepairsOption())
    .addOption(verifyOption())
    .addOption(
      new Option(
        "--timeout <duration>",
        `time limit of each step, e.g. 90s, 30m, 2h (at most 24d; default ${DEFAULT_TIMEOUT})`,
      ).argParser(parseTimeout),
    )
    .addOption(
      new Option(
        "--stall-limit <duration>",
        "stop a step after this long without progress from Codex (default 5m)",
      ).argParser(parseTimeout),
    )
    .addOption(cdOption())
    .option("--model <model>", "the model Codex uses (codex exec -m)")
    .addOption(
      new Option(
        "--sandbox <mode>",
        "Codex's sandbox for every step (default workspace-write)",
      ).choices(CODEX_SANDBOX_MODES),
    )
    .option(
      "--codex-bin <path>",
      "the Codex executable (default: CCW_CODEX_BIN, node_modules/.bin/codex, PATH)",
    )
    .option("--allow-partial", "allow chains and skips that split a unit")
    .option(
      "--detach",
      "run in a background process that outlives this one (output to runner.log in the session folder); prints the session id, the pid and how to watch it, and returns at once",
    )
    .action((words: string[], options: PlanFlags) => plan(runtime, words, options));
}

/** The options of `ccw coordinator codex`, as commander parsed them. */
interface PlanFlags extends VerifiedStepFlags {
  yes?: boolean;
  planOnly?: boolean;
  dryRun?: boolean;
  chain?: string[];
  depth?: Depth;
  verbose?: boolean;
  json?: boolean;
  maxRetries?: number;
  timeout?: number;
  stallLimit?: number;
  cd?: string;
  model?: string;
  sandbox?: SessionOptions["sandbox"];
  codexBin?: string;
  allowPartial?: boolean;
  detach?: boolean;
}

/** The settings (flags over configuration files, config/coordinator-settings.ts), then plan. */
async function plan(runtime: CommandRuntime, words: string[], options: PlanFlags): Promise<void> {
  const { actions, env } = await load(runtime, options.cd);
  const { coordinatorSettings } = await import("../config/coordinator-settings.js");
  const { codexBin, ...flags } = options;
  const given =
    codexBin === undefined
      ? flags
      : { ...flags, codexBin: path.resolve(runtime.ctx.cwd, codexBin) };
  const settings = await coordinatorSettings(
    runtime.ctx,
    env.workspace,
    given,
    options.verbose === true,
  );
  await actions.planAndRun(env, words.join(" "), {
    yes: options.yes === true,
    planOnly: options.planOnly === true,
    dryRun: options.dryRun === true,
    ...(options.chain === undefined ? {} : { chain: options.chain }),
    verbose: options.verbose === true,
    json: options.json === true,
    detach: options.detach === true,
    ...settings,
  });
}

/** `ccw coordinator resume [<id>|--last]`: run or continue a session. */
function addResumeCommand(coordinator: Command, runtime: CommandRuntime): void {
  coordinator
    .command("resume")
    .alias("run")
    .description(
      "run a planned session, or continue one that stopped (completed steps never run again)",
    )
    .argument("[session-id]", "the session (see ccw coordinator list)")
    .option("--last", "the newest session of the workspace")
    .option("-y, --yes", "run without asking for confirmation")
    .option(
      "--fresh",
      "start an interrupted step from its prompt instead of continuing its Codex thread",
    )
    .option("--json", "print the final state as JSON on stdout")
    .option(
      "--codex-bin <path>",
      "the Codex executable (default: the session's, then the usual search)",
    )
    .option(
      "--detach",
      "run (without asking) in a background process that outlives this one (output to runner.log in the session folder); prints the session id, the pid and how to watch it, and returns at once",
    )
    .addOption(cdOption())
    .action(
      async (
        id: string | undefined,
        options: {
          last?: boolean;
          yes?: boolean;
          fresh?: boolean;
          json?: boolean;
          codexBin?: string;
          cd?: string;
          detach?: boolean;
        },
      ) => {
        const { actions, env } = await load(runtime, options.cd);
        await actions.resume(
          env,
          { ...(id === undefined ? {} : { id }), last: options.last === true },
          {
            yes: options.yes === true,
            fresh: options.fresh === true,
            json: options.json === true,
            detach: options.detach === true,
            ...(options.codexBin === undefined
              ? {}
              : { codexBin: path.resolve(runtime.ctx.cwd, options.codexBin) }),
          },
        );
      },
    );
}

/** `ccw coordinator status [<id>|--last]`: a session, its steps and what to do next. */
function addStatusCommand(coordinator: Command, runtime: CommandRuntime): void {
  coordinator
    .command("status")
    .description("show a session (default: the newest): its status, every step, what to do next")
    .argument("[session-id]", "the session (see ccw coordinator list; default: the newest)")
    .option("--last", "the newest session of the workspace (the default)")
    .option("--json", "print state.json (with --watch: one line per change)")
    .option("--watch", "keep showing it while it runs")
    .addOption(cdOption())
    .action(
      async (
        id: string | undefined,
        options: { last?: boolean; json?: boolean; watch?: boolean; cd?: string },
      ) => {
        const { actions, env } = await load(runtime, options.cd);
        await actions.status(
          env,
          // With no id, the newest session, as --last says.
          { ...(id === undefined ? {} : { id }), last: options.last === true || id === undefined },
          {
            json: options.json === true,
            watch: options.watch === true,
          },
        );
      },
    );
}

/** `ccw coordinator list`: the sessions of the workspace. */
function addListCommand(coordinator: Command, runtime: CommandRuntime): void {
  coordinator
    .command("list")
    .description(
      `list the sessions of the workspace, newest first (the newest ${DEFAULT_LIST_LIMIT} unless --all or --limit)`,
    )
    .option("--json", "print them as JSON")
    .addOption(
      new Option("-n, --limit <count>", "show the newest <count> sessions")
        .argParser(parseLimit)
        .conflicts("all"),
    )
    .option("--all", "show every session")
    .addOption(cdOption())
    .action(async (options: { json?: boolean; cd?: string; limit?: number; all?: boolean }) => {
      const { actions, env } = await load(runtime, options.cd);
      const limit = options.all === true ? undefined : (options.limit ?? DEFAULT_LIST_LIMIT);
      await actions.list(env, {
        json: options.json === true,
        ...(limit === undefined ? {} : { limit }),
      });
    });
}

/** `ccw coordinator abort <id>`: stop a session for good. */
function addAbortCommand(coordinator: Command, runtime: CommandRuntime): void {
  coordinator
    .command("abort")
    .description("stop a session for good (its running process first); it never runs again")
    .argument("[session-id]", "the session (see ccw coordinator list)")
    .option("--last", "the newest session of the workspace")
    .addOption(cdOption())
    .action(async (id: string | undefined, options: { last?: boolean; cd?: string }) => {
      const { actions, env } = await load(runtime, options.cd);
      await actions.abort(env, await env.store.resolveId(id, options.last === true));
    });
}

/** `ccw coordinator wait`: block until a session stops, printing each step. */
function registerWait(coordinator: Command, runtime: CommandRuntime): void {
  coordinator
    .command("wait")
    .description(
      "wait until a session stops (completed, failed, waiting for a decision, aborted), printing each step as it starts and ends",
    )
    .argument("[session-id]", "the session (see ccw coordinator list)")
    .option("--last", "the newest session of the workspace")
    .addOption(
      new Option(
        "--timeout <duration>",
        "give up after this long, e.g. 90s, 10m (exit 124: still running, wait again)",
      ).argParser(parseWaitTimeout),
    )
    .option("--json", "print one JSON object per line: each step event, then the outcome")
    .addOption(cdOption())
    .addHelpText(
      "after",
      "\nExit codes: 0 completed, 1 failed or aborted, 4 waiting for a decision (stopped part-way, or its runner is gone; the output names the command that continues), 66 no such session, 124 still running at --timeout. See docs/cli.md.",
    )
    .action(
      async (
        id: string | undefined,
        options: { last?: boolean; timeout?: number; json?: boolean; cd?: string },
      ) => {
        const [{ env }, { waitForSession }] = await Promise.all([
          load(runtime, options.cd),
          import("../coordinator/wait.js"),
        ]);
        await waitForSession(
          env,
          { ...(id === undefined ? {} : { id }), last: options.last === true },
          {
            json: options.json === true,
            ...(options.timeout === undefined ? {} : { timeoutMs: options.timeout }),
          },
        );
      },
    );
}
