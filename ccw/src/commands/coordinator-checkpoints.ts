/**
 * The checkpoint subcommands of `ccw coordinator`: `diff`, `restore`, `prune` and `rm`. Each
 * parses its options and calls one library function (ccw/src/checkpoints/).
 */
import { type Command, InvalidArgumentError, Option } from "commander";
import ms from "ms";
import type { CommandRuntime, RegisterCommand } from "../command-runtime.js";
import type { CliContext } from "../context.js";
import { UsageError } from "../errors.js";
import type { SessionStatus } from "../session/state-schema.js";
import { SESSION_STATUSES } from "../session/status.js";

/** The coordinator's environment and the checkpoint actions, loaded only when one runs. */
async function load(runtime: CommandRuntime, cd: string | undefined) {
  const [{ coordinatorEnvironment }, diff, restore, prune] = await Promise.all([
    import("../coordinator/environment.js"),
    import("../coordinator/checkpoint-diff.js"),
    import("../coordinator/checkpoint-restore.js"),
    import("../coordinator/session-prune.js"),
  ]);
  const env = await coordinatorEnvironment(runtime.ctx, cd, (code) => runtime.setExitCode(code));
  return { env, diff, restore, prune };
}

function parseStep(value: string): number {
  if (!/^[1-9]\d{0,5}$/.test(value))
    throw new InvalidArgumentError("expected a step number (1 is the first step).");
  return Number(value);
}

function parseDuration(value: string): number {
  const parsed = /^\d+$/.test(value) ? Number(value) * 1000 : ms(value as ms.StringValue);
  if (typeof parsed !== "number" || !Number.isFinite(parsed) || parsed < 0)
    throw new InvalidArgumentError('expected a duration such as "12h", "7d" or "2w".');
  return parsed;
}

function parseStatuses(value: string): SessionStatus[] {
  const statuses = value.split(",").map((token) => token.trim());
  const allowed = SESSION_STATUSES.filter((status) => status !== "running");
  const unknown = statuses.filter((status) => !(allowed as readonly string[]).includes(status));
  if (unknown.length > 0 || statuses.length === 0)
    throw new InvalidArgumentError(
      `expected statuses among ${allowed.join(", ")}, comma-separated (a running session is never pruned).`,
    );
  return statuses as SessionStatus[];
}

const cdOption = () => new Option("--cd <dir>", "the workspace (default: the current folder)");

/** A yes/no question on the terminal (stderr); Ctrl-C answers no. */
function terminalConfirm(ctx: CliContext) {
  return async (message: string): Promise<boolean> => {
    const select = (await import("@inquirer/select")).default;
    try {
      return await select<boolean>(
        {
          message,
          choices: [
            { name: "Restore", value: true },
            { name: "Cancel", value: false },
          ],
        },
        { input: ctx.stdin, output: ctx.stderr, clearPromptOnDone: false },
      );
    } catch {
      return false;
    }
  };
}

/**
 * Adds `diff`, `restore`, `prune` and `rm` to `ccw coordinator` (registered just before this,
 * in the list of cli.ts).
 */
export const registerCoordinatorCheckpointCommands: RegisterCommand = (program, runtime) => {
  const coordinator = program.commands.find((command) => command.name() === "coordinator");
  if (!coordinator) throw new Error("ccw coordinator must be registered before its checkpoints");
  registerDiff(coordinator, runtime);
  registerRestore(coordinator, runtime);
  registerPrune(coordinator, runtime);
  registerRm(coordinator, runtime);
};

/** `ccw coordinator diff`. */
function registerDiff(coordinator: Command, runtime: CommandRuntime): void {
  coordinator
    .command("diff")
    .description("show what a step (or the whole session) changed in the working tree")
    .argument("[session-id]", "the session (see ccw coordinator list)")
    .option("--last", "the newest session of the workspace")
    .option("--step <n>", "only this step's change (1 is the first step)", parseStep)
    .option("--stat", "files with lines added and removed")
    .option("--name-only", "only the names of the files")
    .option("--json", "files, statuses and line counts as JSON")
    .addOption(cdOption())
    .action(
      async (
        id: string | undefined,
        options: {
          last?: boolean;
          step?: number;
          stat?: boolean;
          nameOnly?: boolean;
          json?: boolean;
          cd?: string;
        },
      ) => {
        const { env, diff } = await load(runtime, options.cd);
        await diff.diff(
          env,
          { ...(id === undefined ? {} : { id }), last: options.last === true },
          {
            ...(options.step === undefined ? {} : { step: options.step }),
            format: options.json
              ? "json"
              : options.stat
                ? "stat"
                : options.nameOnly
                  ? "name-only"
                  : "patch",
          },
        );
      },
    );
}

/** `ccw coordinator restore`. */
function registerRestore(coordinator: Command, runtime: CommandRuntime): void {
  coordinator
    .command("restore")
    .description(
      "put the paths the session changed back as they were before or after a step (working tree only; undoable)",
    )
    .argument("[session-id]", "the session (see ccw coordinator list)")
    .option("--last", "the newest session of the workspace")
    .option("--before-step <n>", "as they were before step n ran", parseStep)
    .option("--after-step <n>", "as step n left them", parseStep)
    .option("--undo <n>", "put back what restore n replaced", parseStep)
    .option("--dry-run", "only list what would change")
    .option("-y, --yes", "do not ask on a terminal")
    .option("--force", "write over paths edited since the session last wrote them")
    .option("--json", "print what was restored as JSON on stdout")
    .addOption(cdOption())
    .action(
      async (
        id: string | undefined,
        options: {
          last?: boolean;
          beforeStep?: number;
          afterStep?: number;
          undo?: number;
          dryRun?: boolean;
          yes?: boolean;
          force?: boolean;
          json?: boolean;
          cd?: string;
        },
      ) => {
        const target = restoreTarget(options);
        const { env, restore } = await load(runtime, options.cd);
        await restore.restore(
          env,
          { ...(id === undefined ? {} : { id }), last: options.last === true },
          {
            target,
            dryRun: options.dryRun === true,
            yes: options.yes === true,
            force: options.force === true,
            json: options.json === true,
            ...(runtime.ctx.stdin.isTTY === true ? { confirm: terminalConfirm(runtime.ctx) } : {}),
          },
        );
      },
    );
}

/** `ccw coordinator prune`. */
function registerPrune(coordinator: Command, runtime: CommandRuntime): void {
  coordinator
    .command("prune")
    .description("remove finished sessions and their checkpoints")
    .option(
      "--older-than <duration>",
      "only sessions last updated at least this long ago (12h, 7d, 2w)",
      parseDuration,
    )
    .option(
      "--status <statuses>",
      "the statuses to remove, comma-separated (default: completed,aborted)",
      parseStatuses,
    )
    .option("--dry-run", "only list what would be removed")
    .option("--json", "print what was removed and skipped as JSON")
    .addOption(cdOption())
    .action(
      async (options: {
        olderThan?: number;
        status?: SessionStatus[];
        dryRun?: boolean;
        json?: boolean;
        cd?: string;
      }) => {
        const { env, prune } = await load(runtime, options.cd);
        await prune.prune(env, {
          ...(options.olderThan === undefined ? {} : { olderThanMs: options.olderThan }),
          statuses: options.status ?? prune.DEFAULT_PRUNE_STATUSES,
          dryRun: options.dryRun === true,
          json: options.json === true,
        });
      },
    );
}

/** `ccw coordinator rm`. */
function registerRm(coordinator: Command, runtime: CommandRuntime): void {
  coordinator
    .command("rm")
    .description("remove one session and its checkpoints (refused while it runs)")
    .argument("<session-id>", "the session (see ccw coordinator list)")
    .option("--json", "print the session removed and its checkpoint refs as JSON")
    .addOption(cdOption())
    .action(async (id: string, options: { cd?: string; json?: boolean }) => {
      const { env, prune } = await load(runtime, options.cd);
      await prune.removeOne(env, id, { json: options.json === true });
    });
}

/** The one target of a restore, or a usage error. */
function restoreTarget(options: { beforeStep?: number; afterStep?: number; undo?: number }) {
  const targets = [
    options.beforeStep === undefined
      ? undefined
      : ({ kind: "before-step", step: options.beforeStep } as const),
    options.afterStep === undefined
      ? undefined
      : ({ kind: "after-step", step: options.afterStep } as const),
    options.undo === undefined ? undefined : ({ kind: "undo", number: options.undo } as const),
  ].filter((target) => target !== undefined);
  const [target] = targets;
  if (targets.length !== 1 || target === undefined) {
    throw new UsageError(
      "restore needs exactly one of --before-step <n>, --after-step <n> or --undo <n>",
      { hint: "`ccw coordinator status <id>` shows the steps; 1 is the first." },
    );
  }
  return target;
}
