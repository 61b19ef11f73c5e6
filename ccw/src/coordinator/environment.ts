import type { CliContext } from "../context.js";
import { defaultProbeCacheFile } from "../tools/codex/codex-probe-cache.js";
import { CodexPromptRegistry, defaultCodexHome } from "../tools/codex-prompt-registry.js";
import { type CoordinatorEnvironment, resolveWorkspace } from "./actions.js";
import { createInquirerPrompter } from "./prompter.js";
import { SessionStore } from "./session-store.js";

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
  });
  return {
    ctx,
    workspace,
    store: new SessionStore(workspace),
    prompts: registry,
    promptFolders: [registry.projectDir, registry.userDir],
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
