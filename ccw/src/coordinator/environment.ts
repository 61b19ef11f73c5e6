import type { CliContext } from "../context.js";
import { resolveWorkspace } from "../lib/fs/workspace.js";
import { defaultProbeCacheFile } from "../tools/codex/codex-probe-cache.js";
import type { CodexRunOptions, CodexRunOutcome } from "../tools/codex/codex-runner.js";
import { CodexPromptRegistry, defaultCodexHome } from "../tools/codex-prompt-registry.js";
import type { PromptLookup } from "./plan.js";
import { type CoordinatorPrompter, createInquirerPrompter } from "./prompter.js";
import type { LockEnvironment } from "./session-lock.js";
import { SessionStore } from "./session-store.js";

/** Everything the actions use from the outside; the command module builds it. */
export interface CoordinatorEnvironment {
  readonly ctx: CliContext;
  readonly workspace: string;
  readonly store: SessionStore;
  readonly prompts: PromptLookup;
  /** The folders prompts are looked for in, for messages. */
  readonly promptFolders: readonly string[];
  readonly now: () => Date;
  readonly randomHex: () => string;
  /** Present when someone can answer questions (stdin is a terminal). */
  readonly prompter: CoordinatorPrompter | undefined;
  readonly run: (options: CodexRunOptions) => Promise<CodexRunOutcome>;
  readonly probeCacheFile: string | undefined;
  readonly lockEnvironment?: LockEnvironment;
  setExitCode(code: number): void;
}

export interface RunOptions {
  readonly json: boolean;
  readonly codexBin?: string;
  readonly fresh: boolean;
  /** Run in a background process (./detach.ts) instead of this one. */
  readonly detach?: boolean;
}

/**
 * The coordinator's environment for a CLI invocation: the workspace (`--cd` or the current
 * folder), its sessions and prompts, the shared Codex runner, and questions on a terminal.
 */
export async function coordinatorEnvironment(
  ctx: CliContext,
  cd: string | undefined,
  setExitCode: (code: number) => void,
): Promise<CoordinatorEnvironment> {
  const workspace = await resolveWorkspace(ctx.cwd, cd);
  const registry = new CodexPromptRegistry({
    workspace,
    codexHome: defaultCodexHome(ctx.env, ctx.homedir),
    ...(ctx.builtinPrompts === undefined ? {} : { builtinDir: ctx.builtinPrompts }),
  });
  return {
    ctx,
    workspace,
    store: new SessionStore(workspace),
    prompts: registry,
    promptFolders: registry.sources().map(([, dir]) => dir),
    now: () => new Date(),
    // Four hex digits to tell sessions of one second apart; not a secret.
    randomHex: () => Math.floor(Math.random() * 0x10000).toString(16),
    prompter: ctx.stdin.isTTY ? createInquirerPrompter(ctx.stdin, ctx.stderr) : undefined,
    // The runner (and Node's process modules) load when a step runs, not when a plan is made.
    run: async (options) => (await import("../tools/codex/codex-runner.js")).runCodex(options),
    probeCacheFile: defaultProbeCacheFile(ctx.env, ctx.homedir),
    setExitCode,
  };
}
