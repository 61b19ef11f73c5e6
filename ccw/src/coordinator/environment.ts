import { randomBytes } from "node:crypto";
import type { CliContext } from "../context.js";
import { defaultProbeCacheFile } from "../tools/codex-binary.js";
import { CodexPromptRegistry, defaultCodexHome } from "../tools/codex-prompt-registry.js";
import { runCodex } from "../tools/codex-runner.js";
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
    randomHex: () => randomBytes(2).toString("hex"),
    prompter: ctx.stdin.isTTY ? createInquirerPrompter(ctx.stdin, ctx.stderr) : undefined,
    run: runCodex,
    probeCacheFile: defaultProbeCacheFile(ctx.env, ctx.homedir),
    setExitCode,
  };
}
