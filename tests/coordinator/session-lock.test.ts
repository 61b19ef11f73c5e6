import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildSync } from "esbuild";
import { describe, expect, it } from "vitest";
import {
  acquireSessionLock,
  type LockEnvironment,
  readLiveOwner,
} from "../../ccw/src/coordinator/session-lock.js";
import { BusyError } from "../../ccw/src/errors.js";

function tempLockDir(): string {
  return path.join(mkdtempSync(path.join(os.tmpdir(), "ccw-lock-")), "lock");
}

/** A fake machine on which the processes in `alive` run. */
function fakeEnv(pid: number, alive: Set<number>, host = "host-a"): LockEnvironment {
  return {
    pid,
    host,
    now: () => new Date("2026-11-21T10:00:00Z"),
    isAlive: (other) => alive.has(other),
    procStart: () => undefined,
    terminate: () => undefined,
  };
}

describe("acquireSessionLock", () => {
  it("takes a free lock and releases it", async () => {
    const dir = tempLockDir();
    const alive = new Set([100]);
    const lock = await acquireSessionLock(dir, fakeEnv(100, alive));
    expect(lock.owner).toEqual({
      pid: 100,
      host: "host-a",
      started_at: "2026-11-21T10:00:00.000Z",
    });
    expect(lock.tookOverFrom).toBeUndefined();
    expect(await readLiveOwner(dir, fakeEnv(1, alive))).toMatchObject({ pid: 100 });
    await lock.release();
    expect(readdirSync(dir)).toEqual([]);
    expect(await readLiveOwner(dir, fakeEnv(1, alive))).toBeUndefined();
  });

  it("refuses a lock held by a live process, naming its pid", async () => {
    const dir = tempLockDir();
    const alive = new Set([100, 200]);
    await acquireSessionLock(dir, fakeEnv(100, alive));
    const refused = acquireSessionLock(dir, fakeEnv(200, alive));
    await expect(refused).rejects.toBeInstanceOf(BusyError);
    await expect(refused).rejects.toThrow(/another process \(pid 100, since/);
  });

  it("refuses a second acquisition by the same process", async () => {
    const dir = tempLockDir();
    const alive = new Set([100]);
    await acquireSessionLock(dir, fakeEnv(100, alive));
    await expect(acquireSessionLock(dir, fakeEnv(100, alive))).rejects.toBeInstanceOf(BusyError);
  });

  it("treats an owner on another host as alive", async () => {
    const dir = tempLockDir();
    await acquireSessionLock(dir, fakeEnv(100, new Set(), "host-b"));
    await expect(acquireSessionLock(dir, fakeEnv(200, new Set([200])))).rejects.toThrow(
      /pid 100 on host host-b/,
    );
  });

  it("takes over the lock of a dead owner and cleans up after it", async () => {
    const dir = tempLockDir();
    const alive = new Set([100, 200]);
    await acquireSessionLock(dir, fakeEnv(100, alive));
    alive.delete(100);
    writeFileSync(path.join(dir, ".100-abc.tmp"), "half");
    const lock = await acquireSessionLock(dir, fakeEnv(200, alive));
    expect(lock.tookOverFrom).toMatchObject({ pid: 100 });
    expect(readdirSync(dir)).toEqual(["2.json"]);
  });

  it("takes over a corrupt owner record", async () => {
    const dir = tempLockDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "1.json"), "{not json");
    const lock = await acquireSessionLock(dir, fakeEnv(200, new Set([200])));
    expect(lock.owner.pid).toBe(200);
    expect(readdirSync(dir)).toEqual(["2.json"]);
  });

  it("gives a dead owner's lock to exactly one of many racing processes", async () => {
    const dir = tempLockDir();
    const alive = new Set([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    await acquireSessionLock(dir, fakeEnv(9, alive));
    alive.delete(9);
    const results = await Promise.allSettled(
      [1, 2, 3, 4, 5, 6, 7, 8].map((pid) => acquireSessionLock(dir, fakeEnv(pid, alive))),
    );
    const won = results.filter((result) => result.status === "fulfilled");
    expect(won).toHaveLength(1);
    for (const result of results) {
      if (result.status === "rejected") expect(result.reason).toBeInstanceOf(BusyError);
    }
  });
});

describe("acquireSessionLock across real processes", () => {
  it("lets exactly one of 8 processes take over a stale lock", async () => {
    const work = mkdtempSync(path.join(os.tmpdir(), "ccw-lock-race-"));
    const dir = path.join(work, "lock");
    mkdirSync(dir);
    // A record of a process that is certainly gone: pid 2^22 - 1 is above Linux's default pid_max.
    writeFileSync(
      path.join(dir, "1.json"),
      JSON.stringify({ pid: 4_194_303, host: os.hostname(), started_at: "x", token: "dead" }),
    );
    const script = path.join(work, "race.mjs");
    const attempts = path.join(work, "attempts");
    mkdirSync(attempts);
    buildSync({
      stdin: {
        contents: `
          import { acquireSessionLock } from ${JSON.stringify(path.resolve("ccw/src/coordinator/session-lock.ts"))};
          import { readdirSync, writeFileSync } from "node:fs";
          const [dir, attempts] = [process.argv[2], process.argv[3]];
          try {
            const lock = await acquireSessionLock(dir);
            // Hold the lock until every other contender has tried, however slowly it started.
            for (let i = 0; i < 400 && readdirSync(attempts).length < 7; i++) {
              await new Promise((resolve) => setTimeout(resolve, 50));
            }
            await lock.release();
            console.log("won");
          } catch (error) {
            writeFileSync(attempts + "/" + process.pid, "");
            console.log(error.constructor.name);
          }`,
        resolveDir: process.cwd(),
        loader: "ts",
      },
      bundle: true,
      platform: "node",
      format: "esm",
      outfile: script,
      logLevel: "silent",
      banner: {
        js: 'import { createRequire } from "node:module"; const require = createRequire(import.meta.url);',
      },
    });
    const outputs = await Promise.all(
      Array.from(
        { length: 8 },
        () =>
          new Promise<string>((resolve, reject) => {
            const child = spawn(process.execPath, [script, dir, attempts], {
              stdio: ["ignore", "pipe", "inherit"],
            });
            let out = "";
            child.stdout.on("data", (chunk: Buffer) => {
              out += chunk.toString();
            });
            child.on("error", reject);
            child.on("close", () => resolve(out.trim()));
          }),
      ),
    );
    expect(outputs.filter((out) => out === "won")).toHaveLength(1);
    expect(outputs.filter((out) => out === "BusyError")).toHaveLength(7);
    expect(readdirSync(dir)).toEqual([]);
  });
});
