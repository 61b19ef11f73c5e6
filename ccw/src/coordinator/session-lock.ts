/**
 * The session lock: at most one process runs a session. The lock is a folder of numbered owner
 * records (`lock/1.json`, `lock/2.json`, ...); the holder is the owner of the highest number.
 * A record appears complete and at most once, because it is hard-linked into place from a
 * finished temp file (link fails if the name exists). Taking over a dead owner's lock never
 * deletes it first: the new owner creates the next number, so two processes that both see the
 * dead owner race for the same name and exactly one wins. docs/coordinator.md has the argument.
 */
import { readFileSync } from "node:fs";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { BusyError, describeFsError, StorageError } from "../errors.js";
import { readRegularFile } from "../lib/fs/regular-file.js";
import * as z from "../zod.js";

const LockRecord = z.object({
  pid: z.int().check(z.positive()),
  host: z.string(),
  started_at: z.string(),
  /** Linux: the owner's start time in clock ticks since boot, to tell a reused pid apart. */
  proc_start: z.optional(z.string()),
  token: z.string(),
});
type LockRecord = z.infer<typeof LockRecord>;

/** The owner as state.json records it. */
export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly started_at: string;
}

/** A held lock. */
export interface SessionLock {
  readonly owner: LockOwner;
  /** The dead owner whose lock this one took over, if any. */
  readonly tookOverFrom: LockOwner | undefined;
  release(): Promise<void>;
}

/** What the lock needs from the machine; tests replace it. */
export interface LockEnvironment {
  readonly pid: number;
  readonly host: string;
  now(): Date;
  /** Whether the process `pid` on this host still runs (and, when known, started at `procStart`). */
  isAlive(pid: number, procStart: string | undefined): boolean;
  procStart(pid: number): string | undefined;
  /** Asks the process `pid` to stop (SIGTERM), as Ctrl-C would. */
  terminate(pid: number): void;
}

/** The real machine. */
export const systemLockEnvironment: LockEnvironment = {
  pid: process.pid,
  host: os.hostname(),
  now: () => new Date(),
  isAlive(pid, procStart) {
    try {
      process.kill(pid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EPERM") return false;
    }
    const current = linuxProcStart(pid);
    return procStart === undefined || current === undefined || current === procStart;
  },
  procStart: linuxProcStart,
  terminate(pid) {
    try {
      process.kill(pid, "SIGTERM");
    } catch {
      // already gone
    }
  },
};

function linuxProcStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Field 22 (starttime); the command name in field 2 may contain spaces, so count from ')'.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

const RECORD_NAME = /^([1-9]\d{0,15})\.json$/;
const MAX_ROUNDS = 20;

/** Takes the lock of the session whose lock folder is `lockDir`, or throws BusyError. */
export async function acquireSessionLock(
  lockDir: string,
  env: LockEnvironment = systemLockEnvironment,
): Promise<SessionLock> {
  try {
    await fs.mkdir(lockDir, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") throw lockNotAFolder(lockDir, error);
    throw new StorageError(`cannot create the lock folder ${lockDir}: ${describeFsError(error)}`);
  }
  const mine: LockRecord = {
    pid: env.pid,
    host: env.host,
    started_at: env.now().toISOString(),
    proc_start: env.procStart(env.pid),
    token: `${env.pid}-${Math.random().toString(16).slice(2)}`,
  };
  let tookOverFrom: LockOwner | undefined;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const top = await highestRecord(lockDir);
    if (top) {
      const holder = await readRecord(lockDir, top);
      if (holder === "gone") continue; // released between the listing and the read
      if (holder !== "corrupt") {
        if (holder.token === mine.token || isLive(holder, env)) throw busy(holder, lockDir, env);
        tookOverFrom = ownerOf(holder);
      }
    }
    const next = (top ?? 0) + 1;
    if (!(await linkRecord(lockDir, next, mine))) continue; // someone else took `next`
    const after = await highestRecord(lockDir);
    if (after !== undefined && after > next) {
      // A process that listed before we linked took a higher number: it holds the lock.
      await fs.rm(path.join(lockDir, `${next}.json`), { force: true });
      continue;
    }
    await removeLeftovers(lockDir, next, env);
    return {
      owner: ownerOf(mine),
      tookOverFrom,
      release: () => releaseRecord(lockDir, next, mine.token),
    };
  }
  throw new StorageError(`cannot take the lock ${lockDir}: it keeps changing hands`, {
    hint: "Another process is starting this session at the same moment; try again.",
  });
}

/** The current holder of a session's lock, if a live process holds it. */
export async function readLiveOwner(
  lockDir: string,
  env: LockEnvironment = systemLockEnvironment,
): Promise<LockOwner | undefined> {
  const top = await highestRecord(lockDir);
  if (top === undefined) return undefined;
  const holder = await readRecord(lockDir, top);
  if (holder === "gone" || holder === "corrupt") return undefined;
  return isLive(holder, env) ? ownerOf(holder) : undefined;
}

function isLive(record: LockRecord, env: LockEnvironment): boolean {
  // A process on another host cannot be checked from here: treat it as alive.
  return record.host !== env.host || env.isAlive(record.pid, record.proc_start);
}

function ownerOf(record: LockRecord): LockOwner {
  return { pid: record.pid, host: record.host, started_at: record.started_at };
}

function busy(holder: LockRecord, lockDir: string, env: LockEnvironment): BusyError {
  // The lock is `<session folder>/lock`: the session's id is its folder's name.
  const id = path.basename(path.dirname(lockDir));
  const where = holder.host === env.host ? "" : ` on host ${holder.host}`;
  return new BusyError(
    `the session is being run by another process (pid ${holder.pid}${where}, since ${holder.started_at})`,
    {
      hint:
        where === ""
          ? `Wait for it to finish, watch it with \`ccw coordinator status ${id} --watch\`, or stop it with \`ccw coordinator abort ${id}\`.`
          : `If that machine no longer runs it, remove ${lockDir} and resume.`,
    },
  );
}

/** A lock that a file took the place of: no ccw process ever holds a lock that way. */
function lockNotAFolder(lockDir: string, cause: unknown): StorageError {
  return new StorageError(`the session's lock ${lockDir} is not a folder`, {
    hint: "Something replaced it with a file; remove that file (no ccw process keeps its lock there), then run the command again.",
    cause,
  });
}

async function highestRecord(lockDir: string): Promise<number | undefined> {
  let names: string[];
  try {
    names = await fs.readdir(lockDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    if ((error as NodeJS.ErrnoException).code === "ENOTDIR") throw lockNotAFolder(lockDir, error);
    throw new StorageError(`cannot read the lock folder ${lockDir}: ${describeFsError(error)}`);
  }
  let top: number | undefined;
  for (const name of names) {
    const match = RECORD_NAME.exec(name);
    if (match?.[1] !== undefined) top = Math.max(top ?? 0, Number(match[1]));
  }
  return top;
}

async function readRecord(
  lockDir: string,
  number: number,
): Promise<LockRecord | "gone" | "corrupt"> {
  let text: string;
  try {
    text = await readRegularFile(path.join(lockDir, `${number}.json`));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "gone";
    throw new StorageError(`cannot read the session lock: ${describeFsError(error)}`);
  }
  try {
    const parsed = LockRecord.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : "corrupt";
  } catch {
    return "corrupt";
  }
}

async function linkRecord(lockDir: string, number: number, record: LockRecord): Promise<boolean> {
  const temp = path.join(lockDir, `.${record.token}.tmp`);
  try {
    await fs.writeFile(temp, `${JSON.stringify(record)}\n`, { flag: "wx" });
    await fs.link(temp, path.join(lockDir, `${number}.json`));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw new StorageError(`cannot take the session lock in ${lockDir}: ${describeFsError(error)}`);
  } finally {
    await fs.rm(temp, { force: true });
  }
}

/** Removes the records below the holder's, and temp files of processes that died writing them. */
async function removeLeftovers(
  lockDir: string,
  holder: number,
  env: LockEnvironment,
): Promise<void> {
  for (const name of await fs.readdir(lockDir)) {
    const record = RECORD_NAME.exec(name);
    const temp = /^\.(\d+)-[0-9a-f]*\.tmp$/.exec(name);
    const stale =
      (record?.[1] !== undefined && Number(record[1]) < holder) ||
      (temp?.[1] !== undefined && !env.isAlive(Number(temp[1]), undefined));
    if (stale) await fs.rm(path.join(lockDir, name), { force: true });
  }
}

async function releaseRecord(lockDir: string, number: number, token: string): Promise<void> {
  const record = await readRecord(lockDir, number);
  if (record !== "gone" && record !== "corrupt" && record.token === token) {
    await fs.rm(path.join(lockDir, `${number}.json`), { force: true });
  }
}
