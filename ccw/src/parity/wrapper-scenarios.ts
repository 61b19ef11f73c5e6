/**
 * The scenario catalog (docs/wrapper-scenarios.md): literal requests that together make the
 * argv builder emit every flag of its table, every subcommand and every positional it can
 * spawn. The coverage generator runs each one through the real builder; nothing here names a
 * flag. The one other hand-written input is the list of surfaces the wrapper deliberately
 * leaves alone, each with its reason.
 */
import type { CodexExecRequest } from "../tools/codex/codex-argv.js";

/** One catalog entry. */
export interface WrapperScenario {
  /** Stable id, `S<nn>-<slug>`, quoted by docs/wrapper-scenarios.md. */
  readonly id: string;
  /** What a ccw user does that produces this request. */
  readonly title: string;
  readonly request: CodexExecRequest;
}

const THREAD_ID = "01a1fbf2-ff82-72f2-8c05-098a1ba3504f";

export const WRAPPER_SCENARIOS = [
  {
    id: "S01-minimal-run",
    title: "a prompt on stdin with nothing else: the flags ccw always sends",
    request: {},
  },
  {
    id: "S02-working-root",
    title: "a run rooted in another folder (ccw cli --cd)",
    request: { cd: "/work/project" },
  },
  {
    id: "S03-analysis-mode",
    title: "--mode analysis: read-only sandbox",
    request: { sandbox: "read-only" },
  },
  {
    id: "S04-write-mode",
    title: "--mode write: workspace-write sandbox",
    request: { sandbox: "workspace-write" },
  },
  {
    id: "S05-model-and-profile",
    title: "a chosen model and config profile",
    request: { model: "gpt-5-codex", profile: "ci" },
  },
  {
    id: "S06-images",
    title: "images attached to the prompt",
    request: { images: ["screenshot.png", "diagram.png"] },
  },
  {
    id: "S07-extra-writable-dirs",
    title: "extra writable folders next to the workspace",
    request: { addDirs: ["/work/shared", "/tmp/out"] },
  },
  {
    id: "S08-structured-output",
    title: "a JSON Schema for the final answer",
    request: { outputSchema: "schema.json" },
  },
  {
    id: "S09-last-message-file",
    title: "the final message written to a file (ccw cli --output)",
    request: { outputLastMessage: "last-message.txt" },
  },
  {
    id: "S10-config-overrides",
    title: "raw config overrides forwarded as -c key=value (ccw cli --config)",
    request: {
      config: ['model_reasoning_effort="high"', "model_providers.mock.request_max_retries=0"],
    },
  },
  {
    id: "S11-feature-toggles",
    title: "features switched on and off for one run",
    request: { enable: ["web_search_request"], disable: ["shell_snapshot"] },
  },
  {
    id: "S12-ephemeral-run",
    title: "a throwaway run that keeps no session files",
    request: { ephemeral: true },
  },
  {
    id: "S13-resume-by-id",
    title: "continue a recorded thread (ccw cli --resume <thread-id>)",
    request: { resume: { threadId: THREAD_ID } },
  },
  {
    id: "S14-resume-last",
    title: "continue the most recent thread (ccw cli --last)",
    request: { resume: { last: true } },
  },
  {
    id: "S15-resume-with-options",
    title: "resume with options, which go before `resume`",
    request: {
      cd: "/work/project",
      sandbox: "workspace-write",
      model: "gpt-5-codex",
      config: ['model_reasoning_effort="low"'],
      outputLastMessage: "last-message.txt",
      resume: { threadId: THREAD_ID },
    },
  },
] as const satisfies readonly WrapperScenario[];

/** A Codex surface the wrapper leaves alone on purpose, with the reason. */
export interface IntentionalGap {
  readonly path: readonly string[];
  readonly key?: `--${string}`;
  readonly name?: string;
  readonly note: string;
}

const BEFORE_RESUME =
  "ccw passes this flag before `resume` (codex exec <flag> resume ...), where codex exec reads it; it never repeats it after `resume`";

/** Surfaces deliberately not used; each note is the rationale a report shows. */
export const INTENTIONAL_GAPS = [
  {
    path: ["exec"],
    key: "--dangerously-bypass-approvals-and-sandbox",
    note: "ccw never runs Codex without its sandbox; write mode uses -s workspace-write",
  },
  {
    path: ["exec", "resume"],
    key: "--json",
    note: BEFORE_RESUME,
  },
  {
    path: ["exec", "resume"],
    key: "--output-last-message",
    note: BEFORE_RESUME,
  },
  {
    path: ["exec", "resume"],
    key: "--output-schema",
    note: BEFORE_RESUME,
  },
  {
    path: ["exec", "resume"],
    key: "--skip-git-repo-check",
    note: BEFORE_RESUME,
  },
  {
    path: ["exec", "resume"],
    key: "--ephemeral",
    note: BEFORE_RESUME,
  },
  {
    path: ["exec", "review"],
    note: "Codex's built-in review is a separate workflow; ccw reviews through its own prompt chains",
  },
] as const satisfies readonly IntentionalGap[];
