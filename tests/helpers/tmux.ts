/**
 * Drives an interactive program (Claude Code's TUI) in a private tmux server: start it in a
 * detached session of a fixed size, type into it, and read the screen (capture-pane).
 */
import { execFileSync } from "node:child_process";
import { chmodSync, writeFileSync } from "node:fs";
import path from "node:path";
import { shellQuote } from "../../ccw/src/lib/text/shell-quote.js";

/** Whether tmux is installed. */
export function hasTmux(): boolean {
  try {
    execFileSync("tmux", ["-V"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** One program in one tmux session on a private socket. */
export class TmuxSession {
  private readonly socket: string;

  private constructor(
    private readonly dir: string,
    private readonly name: string,
  ) {
    this.socket = path.join(dir, "tmux.sock");
  }

  /** Starts `argv` in `cwd` with exactly `env`, on a 160 x 45 screen. */
  static start(
    dir: string,
    argv: readonly string[],
    options: { cwd: string; env: Record<string, string> },
  ): TmuxSession {
    const session = new TmuxSession(dir, "ccw-e2e");
    const launcher = path.join(dir, "launch.sh");
    const exports = Object.entries({ TERM: "xterm-256color", ...options.env })
      .map(([key, value]) => `export ${key}=${shellQuote(value)}`)
      .join("\n");
    writeFileSync(
      launcher,
      `#!/bin/sh\n${exports}\ncd ${shellQuote(options.cwd)} || exit 1\nexec ${argv.map(shellQuote).join(" ")}\n`,
    );
    chmodSync(launcher, 0o755);
    session.tmux(["new-session", "-d", "-s", session.name, "-x", "160", "-y", "45", launcher]);
    return session;
  }

  /** Types `text` literally (no key names). */
  type(text: string): void {
    this.tmux(["send-keys", "-t", this.name, "-l", text]);
  }

  /** Presses keys by tmux name (`Enter`, `Escape`, `C-c`). */
  press(...keys: string[]): void {
    this.tmux(["send-keys", "-t", this.name, ...keys]);
  }

  /** The screen as text. */
  screen(): string {
    try {
      return this.tmux(["capture-pane", "-p", "-t", this.name]);
    } catch {
      return "";
    }
  }

  /** The pid of the program in the pane, or undefined once it has exited. */
  panePid(): number | undefined {
    try {
      const text = this.tmux(["list-panes", "-t", this.name, "-F", "#{pane_pid} #{pane_dead}"]);
      const [pid, dead] = text.trim().split(" ");
      return dead === "1" ? undefined : Number(pid);
    } catch {
      return undefined;
    }
  }

  /** Polls the screen until `pattern` shows (returns the screen) or `timeoutMs` passes (throws). */
  async waitFor(pattern: RegExp, timeoutMs: number, what = String(pattern)): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (pattern.test(screen)) return screen;
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${what}; the screen:\n${screen}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** Ends the tmux server (and whatever still runs in it). */
  kill(): void {
    try {
      this.tmux(["kill-server"]);
    } catch {
      // already gone
    }
  }

  private tmux(args: string[]): string {
    return execFileSync("tmux", ["-S", this.socket, ...args], {
      encoding: "utf8",
      env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: this.dir, TERM: "xterm-256color" },
      timeout: 10_000,
    });
  }
}
