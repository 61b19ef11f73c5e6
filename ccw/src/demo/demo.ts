/**
 * `ccw demo`: the main job, offline, with no account. A scratch project and CODEX_HOME, ccw's
 * prompt pack installed as `ccw workflow install --codex` would, the project's scripted model
 * server standing in for the OpenAI API, and the real Codex CLI running every step of
 * `ccw coordinator codex "<intent>" --yes`. Afterwards it shows what each step left behind.
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import * as z from "zod";
import type { CliContext } from "../context.js";
import { planAndRun, status } from "../coordinator/actions.js";
import { coordinatorEnvironment } from "../coordinator/environment.js";
import { writeCodexHome } from "../dev/model-server/codex-home.js";
import { startModelServer } from "../dev/model-server/server.js";
import { describeFsError, NotFoundError, StorageError } from "../errors.js";
import { packageRoot } from "../package-info.js";
import type { SessionState } from "../session/state-schema.js";
import { applyInstall, planInstall } from "../workflow/install-pack.js";
import { packLocations, readPack } from "../workflow/pack.js";
import { DEMO_INTENT, demoScript } from "./demo-script.js";

/** The part of a ccw-plan/1 file the demo shows. */
const PlanSteps = z.object({ steps: z.array(z.object({ id: z.string(), title: z.string() })) });

export interface DemoOptions {
  /** Where to put the scratch project (default: a new temp folder). */
  readonly dir?: string;
  readonly codexBin?: string;
  /** Called with the project's context before the chain runs (`--view` starts the dashboard). */
  readonly beforeRun?: (project: CliContext) => Promise<void>;
  /** Called at the very end, whatever happened (`--view` serves until Ctrl-C). */
  readonly afterRun?: () => Promise<void>;
}

const PACKAGE_JSON = `${JSON.stringify(
  {
    name: "ccw-demo-greeter",
    version: "1.0.0",
    type: "module",
    scripts: { test: "node --test test/" },
  },
  null,
  2,
)}\n`;

/** Runs the demo; the exit code is the coordinator's. */
export async function runDemo(
  ctx: CliContext,
  options: DemoOptions,
  setExitCode: (code: number) => void,
): Promise<void> {
  const say = (line = "") => ctx.stderr.write(`${line}\n`);
  const root = scratchFolder(ctx.cwd, options.dir);
  const workspace = createProject(root);
  const server = await startModelServer(demoScript());
  try {
    const { env, codexHome } = await installDemoHome(ctx, root, workspace, server.baseUrl);
    say(ctx.style.bold(`$ ccw coordinator codex "${DEMO_INTENT}" --yes`));

    const demoCtx: CliContext = { ...ctx, cwd: workspace, env };
    await options.beforeRun?.(demoCtx);
    let exitCode = 0;
    const coordinator = await coordinatorEnvironment(demoCtx, undefined, (code) => {
      exitCode = code;
    });
    await planAndRun(coordinator, DEMO_INTENT, {
      yes: true,
      planOnly: false,
      verbose: false,
      json: false,
      maxRetries: 0,
      timeoutMs: 120_000,
      allowPartial: false,
      ...(options.codexBin === undefined ? {} : { codexBin: options.codexBin }),
    });
    setExitCode(exitCode);
    if (exitCode !== 0) {
      say(`The run did not complete (exit ${exitCode}); the files are in ${root}.`);
      return;
    }

    const { sessions } = await coordinator.store.list();
    const session = sessions[0];
    if (!session) return;
    await showResults(ctx, workspace, coordinator.store.files(session.session_id).dir, session);
    say(ctx.style.bold("$ ccw coordinator status --last"));
    await status(coordinator, { last: true }, { json: false, watch: false });
    say();
    say(`Everything is in ${root}. Look around:`);
    say(`  cd ${workspace} && CODEX_HOME=${codexHome} ccw coordinator status --last`);
    say("Real use, in your own project with your own Codex login (the prompt pack is built in):");
    say('  npx ccw-codex coordinator codex "<your intent>"');
  } finally {
    await server.close();
    await options.afterRun?.();
  }
}

/** The scratch project the demo's chain works in; returns its folder. */
function createProject(root: string): string {
  const workspace = path.join(root, "project");
  mkdirSync(path.join(workspace, "src"), { recursive: true });
  writeFileSync(path.join(workspace, "package.json"), PACKAGE_JSON);
  writeFileSync(
    path.join(workspace, "README.md"),
    "# greeter\n\nA tiny project for the ccw demo.\n",
  );
  return workspace;
}

/** A scratch CODEX_HOME that talks to the model server, with the prompt pack installed. */
async function installDemoHome(
  ctx: CliContext,
  root: string,
  workspace: string,
  baseUrl: string,
): Promise<{ env: Record<string, string | undefined>; codexHome: string }> {
  const say = (line = "") => ctx.stderr.write(`${line}\n`);
  const home = await writeCodexHome({ codexHome: path.join(root, "codex-home"), baseUrl });
  const env = { ...ctx.env, ...home.env };
  const locations = packLocations({
    sourceRoot: packageRoot(),
    cwd: workspace,
    homedir: ctx.homedir,
    env,
  });
  const installed = await applyInstall(planInstall(await readPack(locations, ["codex"]), {}));
  say(ctx.style.bold("ccw demo: the Codex coordinator, offline"));
  say(`  project     ${workspace}`);
  say(
    `  CODEX_HOME  ${home.codexHome} (${installed.length} prompts installed, as \`ccw workflow install --codex\` does)`,
  );
  say(`  model       a scripted stand-in for the OpenAI Responses API at ${baseUrl}`);
  say("  Codex       the real Codex CLI runs every step; only the model's answers are scripted.");
  say();
  return { env, codexHome: home.codexHome };
}

/** What each step left behind: artifacts, the plan's steps, the code, its tests run. */
async function showResults(
  ctx: CliContext,
  workspace: string,
  dir: string,
  session: SessionState,
): Promise<void> {
  const say = (line = "") => ctx.stderr.write(`${line}\n`);
  say();
  say(ctx.style.bold("What each step left behind"));
  for (const record of session.execution_results) {
    const step = session.command_chain[record.index];
    say(
      `  step ${record.index + 1} ${step?.command}: Codex thread ${record.codex_thread_id ?? "?"}, ${record.artifacts.length} artifacts`,
    );
    for (const file of record.artifacts) say(`    ${path.relative(workspace, file)}`);
  }
  const plan = PlanSteps.safeParse(
    JSON.parse(
      readFileSync(path.join(dir, "steps", "01-lite-plan-a", "artifacts", "plan.json"), "utf8"),
    ),
  );
  if (plan.success) {
    say(
      `  plan.json steps: ${plan.data.steps.map((step) => `${step.id} ${step.title}`).join("; ")}`,
    );
  }
  say();
  say(ctx.style.bold("src/greet.js, written by Codex in step 2"));
  for (const line of readFileSync(path.join(workspace, "src", "greet.js"), "utf8")
    .trimEnd()
    .split("\n"))
    say(`  ${line}`);
  say();
  const tests = await runTests(workspace);
  say(ctx.style.bold("$ node --test test/greet.test.js"));
  say(`  ${tests}`);
  say();
}

function scratchFolder(cwd: string, dir: string | undefined): string {
  const parent = dir === undefined ? os.tmpdir() : path.resolve(cwd, dir);
  if (dir !== undefined) {
    // Like every folder option of ccw: a typo must not create a tree of folders somewhere.
    const stats = statSync(parent, { throwIfNoEntry: false });
    if (!stats?.isDirectory()) {
      throw new NotFoundError(`--dir ${parent} ${stats ? "is not a folder" : "does not exist"}`, {
        hint: "Give an existing folder to create the scratch project in, or leave --dir out to use the temp folder.",
      });
    }
  }
  try {
    return mkdtempSync(path.join(parent, "ccw-demo-"));
  } catch (error) {
    throw new StorageError(`cannot create the demo folder: ${describeFsError(error)}`, {
      hint: "Pass a writable folder with --dir.",
    });
  }
}

/** Runs the project's test the demo's Codex wrote, and says how it went. */
async function runTests(workspace: string): Promise<string> {
  try {
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--test", "test/greet.test.js"],
      { cwd: workspace },
    );
    const passed = /^# pass (\d+)/m.exec(stdout)?.[1] ?? "?";
    return `${passed} tests passed`;
  } catch (error) {
    return `the tests failed: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`;
  }
}
