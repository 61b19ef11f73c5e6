/**
 * The `codex exec` argv, built from a typed request. Pure: every flag comes from the declared
 * table in codex-flags.ts, and the prompt never appears in the argv (it goes to stdin, `-`).
 */
import { UsageError } from "../../errors.js";
import { CODEX_EXEC_FLAGS, type CodexFlagName, type CodexFlagSpec } from "./codex-flags.js";

/** The sandbox policies `codex exec -s` accepts. */
export const CODEX_SANDBOX_MODES = ["read-only", "workspace-write", "danger-full-access"] as const;

export type CodexSandboxMode = (typeof CODEX_SANDBOX_MODES)[number];

/** One `codex exec` run, as ccw asks for it. */
export interface CodexExecRequest {
  /** `-C`: the directory Codex treats as its working root. */
  cd?: string;
  sandbox?: CodexSandboxMode;
  model?: string;
  profile?: string;
  images?: readonly string[];
  addDirs?: readonly string[];
  outputSchema?: string;
  /** `-o`: Codex writes its final message to this file. */
  outputLastMessage?: string;
  /** Raw `key=value` overrides, each sent as `-c key=value` (the value is TOML). */
  config?: readonly string[];
  /** Feature names for `--enable` / `--disable`. */
  enable?: readonly string[];
  disable?: readonly string[];
  /** `--ephemeral`: no session files, so the run cannot be resumed later. */
  ephemeral?: boolean;
  /** Continue a recorded thread instead of starting one. */
  resume?: { threadId: string } | { last: true };
}

/** What the installed Codex accepts, from a probe of its help (codex-binary.ts). */
export interface CodexCapabilities {
  /** Long forms `codex exec` accepts, e.g. `--add-dir`. */
  flags: ReadonlySet<string>;
  /** Long forms `codex exec resume` accepts; absent when not probed. */
  resumeFlags?: ReadonlySet<string>;
  /** Whether `codex exec` has the `resume` subcommand; absent when not probed. */
  resume?: boolean;
  /** The version the probe saw (`0.169.0`), for messages. */
  version?: string;
}

/**
 * `["exec", ...flags, "-"]`, or with `resume`: `["exec", ...flags, "resume", <id>|"--last", "-"]`.
 * Throws UsageError for an invalid request, or for a flag the probed Codex does not have.
 */
export function buildCodexExecArgv(
  request: CodexExecRequest,
  capabilities?: CodexCapabilities,
): string[] {
  const problems = requestProblems(request);
  if (problems.length > 0) {
    throw new UsageError(`invalid Codex request: ${problems.join("; ")}`);
  }
  const missing: string[] = [];
  const emit = (name: CodexFlagName, out: string[]) => {
    const spec: CodexFlagSpec = CODEX_EXEC_FLAGS[name];
    const values = flagValues(name, request);
    if (values.length === 0) return;
    const accepted = spec.position === "exec" ? capabilities?.flags : capabilities?.resumeFlags;
    if (accepted !== undefined && !accepted.has(spec.long)) missing.push(spec.long);
    for (const value of values) out.push(...flagTokens(spec, value));
  };

  const argv = ["exec"];
  for (const name of FLAG_NAMES) {
    if (CODEX_EXEC_FLAGS[name].position === "exec") emit(name, argv);
  }
  if (request.resume !== undefined) {
    if (capabilities?.resume === false) missing.push("resume (subcommand)");
    argv.push("resume");
    for (const name of FLAG_NAMES) {
      if (CODEX_EXEC_FLAGS[name].position === "resume") emit(name, argv);
    }
    if ("threadId" in request.resume) argv.push(request.resume.threadId);
  }
  argv.push("-");

  if (missing.length > 0) {
    const version = capabilities?.version ?? "(unknown version)";
    throw new UsageError(
      `the installed Codex ${version} does not support ${missing.join(", ")}, which this request needs`,
      {
        hint: "Upgrade Codex (`npm install -g @openai/codex@latest`, or the project's dev dependency), or drop the option that needs it.",
      },
    );
  }
  return argv;
}

const FLAG_NAMES = Object.keys(CODEX_EXEC_FLAGS) as CodexFlagName[];

/**
 * The capability-guarded flags (long forms) that `request` needs. Only these ask for a probe
 * of the installed Codex first; the others are in every Codex release ccw supports.
 */
export function guardedFlagsOf(request: CodexExecRequest): string[] {
  return FLAG_NAMES.flatMap((name) => {
    const spec: CodexFlagSpec = CODEX_EXEC_FLAGS[name];
    return spec.capabilityGuarded === true && flagValues(name, request).length > 0
      ? [spec.long]
      : [];
  });
}

/** `true` for a bare switch; a string per occurrence of a flag that takes a value. */
type FlagValue = true | string;

function flagValues(name: CodexFlagName, request: CodexExecRequest): readonly FlagValue[] {
  const one = (value: string | undefined) => (value === undefined ? [] : [value]);
  switch (name) {
    case "json":
    case "skipGitRepoCheck":
      return [true];
    case "color":
      return ["never"];
    case "cd":
      return one(request.cd);
    case "sandbox":
      return one(request.sandbox);
    case "model":
      return one(request.model);
    case "profile":
      return one(request.profile);
    case "images":
      return request.images ?? [];
    case "addDirs":
      return request.addDirs ?? [];
    case "outputSchema":
      return one(request.outputSchema);
    case "outputLastMessage":
      return one(request.outputLastMessage);
    case "config":
      return request.config ?? [];
    case "enable":
      return request.enable ?? [];
    case "disable":
      return request.disable ?? [];
    case "ephemeral":
      return request.ephemeral === true ? [true] : [];
    case "last":
      return request.resume !== undefined && "last" in request.resume ? [true] : [];
  }
}

/**
 * The short form with a separate value when that is unambiguous; `--long=value` when the value
 * starts with `-` (clap would read it as a flag) or the flag is variadic (a bare value would let
 * Codex take the next token, such as `-` or `resume`, as another value).
 */
function flagTokens(spec: CodexFlagSpec, value: FlagValue): string[] {
  if (value === true) return [spec.short ?? spec.long];
  if (spec.variadic === true || value.startsWith("-")) return [`${spec.long}=${value}`];
  return [spec.short ?? spec.long, value];
}

/** The table entry an argv token (`-m`, `--model`, `--image=a.png`) stands for, if any. */
export function codexFlagOfToken(token: string): CodexFlagName | undefined {
  const head = token.startsWith("--") ? (token.split("=", 1)[0] ?? token) : token;
  return FLAG_NAMES.find((name) => {
    const spec: CodexFlagSpec = CODEX_EXEC_FLAGS[name];
    return spec.long === head || spec.short === head;
  });
}

/** Every problem of a request, each naming the field (validated before anything runs). */
export function requestProblems(request: CodexExecRequest): string[] {
  const problems: string[] = [];
  const text = (field: string, value: string | undefined) => {
    if (value === undefined) return;
    if (value.trim() === "") problems.push(`${field} is empty`);
    else if (value.includes("\0")) problems.push(`${field} contains a NUL byte`);
  };
  const list = (field: string, values: readonly string[] | undefined) => {
    values?.forEach((value, index) => {
      text(`${field}[${index}]`, value);
    });
  };
  text("cd", request.cd);
  if (request.sandbox !== undefined && !CODEX_SANDBOX_MODES.includes(request.sandbox)) {
    problems.push(
      `sandbox must be one of ${CODEX_SANDBOX_MODES.join(", ")} (got ${JSON.stringify(request.sandbox)})`,
    );
  }
  text("model", request.model);
  text("profile", request.profile);
  list("images", request.images);
  list("addDirs", request.addDirs);
  text("outputSchema", request.outputSchema);
  text("outputLastMessage", request.outputLastMessage);
  list("config", request.config);
  request.config?.forEach((entry, index) => {
    if (!/^[^=\s-][^=\s]*=/.test(entry)) {
      problems.push(
        `config[${index}] must look like key=value (a dotted key, then =), got ${JSON.stringify(shorten(entry))}`,
      );
    }
  });
  for (const field of ["enable", "disable"] as const) {
    request[field]?.forEach((feature, index) => {
      if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]*$/.test(feature)) {
        problems.push(
          `${field}[${index}] must be a feature name such as web_search_request, got ${JSON.stringify(shorten(feature))}`,
        );
      }
    });
  }
  const resume = request.resume;
  if (resume !== undefined && "threadId" in resume) {
    if (!isThreadId(resume.threadId)) {
      problems.push(
        `resume.threadId must be a thread id such as 01a1fbf2-ff82-72f2-8c05-098a1ba3504f, got ${JSON.stringify(shorten(resume.threadId))}`,
      );
    }
  }
  return problems;
}

/** Whether `value` can be passed as the thread id of `codex exec resume` (not a flag, no space). */
export function isThreadId(value: string): boolean {
  return /^[^\s-]\S*$/.test(value);
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
