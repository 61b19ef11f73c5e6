import type { HookFs } from "./read-status.js";

/** Which host this is, and whether a process of it still exists. */
export interface ProcessProbe {
  hostname(): string;
  isAlive(pid: number): boolean;
}

/** What a hook command needs from the outside world. */
export interface HookIo {
  readonly cwd: string;
  readonly processes: ProcessProbe;
  /** All of stdin as text, or `undefined` when stdin is a terminal (nothing to wait for). */
  readonly readStdin: () => Promise<string | undefined>;
  readonly fs: HookFs;
}

/**
 * The result of a hook command, printed by its shell (the fast entry or the full CLI):
 * `print` → the text on stdout, exit 0; `silent` → nothing, exit 0 (`debug` says why, shown
 * only with CCW_DEBUG=1); `fail` → `ccw: error: <message>` and the hint on stderr.
 */
export type HookOutcome =
  | { readonly kind: "print"; readonly text: string }
  | { readonly kind: "silent"; readonly debug?: string }
  | {
      readonly kind: "fail";
      readonly message: string;
      readonly hint?: string;
      /** 1: the file could not be shown; 2: bad options. */
      readonly exitCode: 1 | 2;
    };
