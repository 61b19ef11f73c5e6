import { type ExecFileException, execFile } from "node:child_process";

/** How a short-lived child process is run: its environment, how long it may take, how much it may print. */
export interface ProbeOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
  readonly maxBuffer: number;
}

/**
 * Runs `file` with `args` (no shell: user text never reaches one) to read what it prints, for
 * probes such as `codex --version`: resolves its stdout, or rejects with what `fail` makes of
 * the error and its stderr (a non-zero exit, a signal, no answer within the timeout).
 */
export function runProbe(
  file: string,
  args: readonly string[],
  options: ProbeOptions,
  fail: (error: ExecFileException, stderr: string) => Error,
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      [...args],
      {
        env: options.env,
        timeout: options.timeoutMs,
        maxBuffer: options.maxBuffer,
        windowsHide: true,
      },
      (error, stdout, stderr) => {
        if (error === null) resolve(stdout);
        else reject(fail(error, stderr));
      },
    );
  });
}
