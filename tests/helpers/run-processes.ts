/**
 * The processes of one test run, found by a marker in their environment: every process ccw
 * starts (its guard, Codex, what Codex starts) inherits it. Linux only (/proc).
 */
import { readdirSync, readFileSync } from "node:fs";

/** Pids of live (not zombie) processes whose environment holds `name=value`. */
export function processesWithEnv(name: string, value: string): number[] {
  const wanted = `${name}=${value}`;
  const found: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    try {
      const environ = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
      if (!environ.includes(wanted)) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      if (stat.slice(stat.lastIndexOf(")") + 2)[0] === "Z") continue;
      found.push(pid);
    } catch {
      // gone, or not ours
    }
  }
  return found;
}

/** Waits up to `ms` for every process of the run to end; returns those still alive then. */
export async function aliveAfter(name: string, value: string, ms: number): Promise<number[]> {
  const deadline = Date.now() + ms;
  for (;;) {
    const alive = processesWithEnv(name, value);
    if (alive.length === 0 || Date.now() >= deadline) return alive;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until `check` holds (polling), or throws after `ms`. */
export async function waitFor(check: () => boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() >= deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
