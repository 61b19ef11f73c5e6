import { type ChildProcess, spawn } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import {
  closeCodexGuard,
  codexGuard,
  GUARD_SCRIPT,
  ORPHAN_GRACE_MS,
} from "../../../ccw/src/tools/codex/codex-guard.js";
import { processesWithEnv } from "../../helpers/run-processes.js";

/** A process group of its own whose leader sleeps (and with `stubborn`, ignores SIGTERM). */
function group(stubborn = false): ChildProcess {
  const code = `${stubborn ? 'process.on("SIGTERM", () => {});' : ""} setInterval(() => {}, 1000);`;
  return spawn(process.execPath, ["-e", code], { detached: true, stdio: "ignore" });
}

function alive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Runs the guard, writes `lines` on its lifeline, closes it, and waits for the guard's exit. */
async function guardWith(lines: string): Promise<number> {
  const guard = spawn("/bin/sh", ["-c", GUARD_SCRIPT], { stdio: ["pipe", "ignore", "ignore"] });
  const started = Date.now();
  guard.stdin?.end(lines);
  await new Promise((resolve) => guard.once("exit", resolve));
  return Date.now() - started;
}

const groups: ChildProcess[] = [];
afterEach(() => {
  for (const child of groups.splice(0)) {
    try {
      if (child.pid) process.kill(-child.pid, "SIGKILL");
    } catch {
      // gone
    }
  }
});

describe.skipIf(process.platform === "win32")("the Codex guard (codex-guard.ts)", () => {
  it("stops a listed group when its lifeline closes", async () => {
    const run = group();
    groups.push(run);
    const exited = new Promise((resolve) => run.once("exit", resolve));
    await guardWith(`+${run.pid}\n`);
    await exited;
    expect(run.signalCode).toBe("SIGTERM");
  });

  it("leaves a released group alone and exits at once when nothing is listed", async () => {
    const done = group();
    const other = group();
    groups.push(done, other);
    const took = await guardWith(`+${done.pid}\n+${other.pid}\n-${done.pid}\n-${other.pid}\n`);
    expect(took).toBeLessThan(ORPHAN_GRACE_MS);
    expect(alive(done.pid ?? 0)).toBe(true);
    expect(alive(other.pid ?? 0)).toBe(true);
  });

  it("ignores lines that are not a + or - and a number", async () => {
    const run = group();
    groups.push(run);
    const took = await guardWith(`+0x${run.pid}\n+${run.pid}x\nhello\n-\n+\n`);
    expect(took).toBeLessThan(ORPHAN_GRACE_MS);
    expect(alive(run.pid ?? 0)).toBe(true);
  });

  it("sends SIGKILL a grace period later to a group that ignores SIGTERM", async () => {
    const run = group(true);
    groups.push(run);
    await new Promise((resolve) => setTimeout(resolve, 200)); // its SIGTERM handler is set
    const exited = new Promise((resolve) => run.once("exit", resolve));
    const took = await guardWith(`+${run.pid}\n`);
    await exited;
    expect(run.signalCode).toBe("SIGKILL");
    expect(took).toBeGreaterThanOrEqual(ORPHAN_GRACE_MS);
  });

  it("closeCodexGuard ends the guard and waits until it has exited", async () => {
    const marker = `guard-${process.pid}-${Date.now()}`;
    const guard = codexGuard({ PATH: process.env.PATH ?? "", CCW_GUARD_TEST: marker });
    const run = group();
    groups.push(run);
    guard.watch(run.pid ?? 0);
    guard.release(run.pid ?? 0);
    expect(processesWithEnv("CCW_GUARD_TEST", marker)).toHaveLength(1);
    await closeCodexGuard();
    expect(processesWithEnv("CCW_GUARD_TEST", marker)).toEqual([]);
    expect(alive(run.pid ?? 0)).toBe(true);
  });
});
