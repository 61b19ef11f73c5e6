/**
 * The scratch world of one corpus case: a root folder with the workspace, HOME, CODEX_HOME and
 * TMPDIR, the case's files written into it, and snapshots of every entry below the root to
 * prove what ccw wrote.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  cpSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { FileSpec } from "./case-schema.js";

/** The repository root. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
/** tests/corpus/fixtures. */
export const FIXTURES = path.join(REPO_ROOT, "tests", "corpus", "fixtures");

/** The session id every state.json fixture uses. */
export const SESSION_ID = "codex-coord-20261121-143025-7f3a";

/** The folders of one case and the placeholders its data may use. */
export interface Scratch {
  readonly root: string;
  readonly ws: string;
  readonly home: string;
  readonly codexHome: string;
  readonly tmp: string;
  readonly vars: Readonly<Record<string, string>>;
}

/** Creates the folders of a case under `root` (which must not exist yet). */
export function createScratch(root: string): Scratch {
  const ws = path.join(root, "ws");
  const home = path.join(root, "home");
  const codexHome = path.join(root, "codex-home");
  const tmp = path.join(root, "tmp");
  for (const dir of [ws, home, codexHome, tmp]) mkdirSync(dir, { recursive: true });
  return {
    root,
    ws,
    home,
    codexHome,
    tmp,
    vars: {
      root,
      ws,
      home,
      codex_home: codexHome,
      tmp,
      repo: REPO_ROOT,
      fixtures: FIXTURES,
      node: process.execPath,
      hostname: os.hostname(),
      sid: SESSION_ID,
      sdir: path.join(ws, ".workflow", ".codex-coordinator", SESSION_ID),
    },
  };
}

/** Replaces `{name}` for every known variable; an unknown `{name}` is left as written. */
export function substitute(text: string, vars: Readonly<Record<string, string>>): string {
  return text.replace(/\{([a-z_]+)\}/g, (whole, name: string) => vars[name] ?? whole);
}

function substituteDeep(value: unknown, vars: Readonly<Record<string, string>>): unknown {
  if (typeof value === "string") return substitute(value, vars);
  if (Array.isArray(value)) return value.map((item) => substituteDeep(item, vars));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, substituteDeep(item, vars)]),
    );
  }
  return value;
}

/** Sets (or with `undefined`, deletes) the value at a dotted path such as `a.0.b`. */
function setPath(target: unknown, dotted: string, value: unknown): void {
  const keys = dotted.split(".");
  let node: unknown = target;
  for (const key of keys.slice(0, -1)) {
    if (node === null || typeof node !== "object") throw new Error(`no object at ${dotted}`);
    node = (node as Record<string, unknown>)[key];
  }
  const last = keys[keys.length - 1] ?? "";
  if (node === null || typeof node !== "object") throw new Error(`no object at ${dotted}`);
  if (value === undefined) delete (node as Record<string, unknown>)[last];
  else (node as Record<string, unknown>)[last] = value;
}

/** The bytes a file spec stands for, or the kind of entry when it is not a plain file. */
export function renderSpec(
  spec: FileSpec,
  vars: Readonly<Record<string, string>>,
): Buffer | { symlink: string } | { dir: true } | { fifo: true } | { copy: string } {
  if (typeof spec === "string") return Buffer.from(substitute(spec, vars));
  if ("json" in spec) {
    return Buffer.from(`${JSON.stringify(substituteDeep(spec.json, vars), null, 2)}\n`);
  }
  if ("base64" in spec) return Buffer.from(spec.base64, "base64");
  if ("repeat" in spec) {
    return Buffer.from(
      `${substitute(spec.prefix ?? "", vars)}${spec.repeat.repeat(spec.times)}${(spec.close ?? "").repeat(spec.times)}${substitute(spec.suffix ?? "", vars)}`,
    );
  }
  if ("fixture" in spec) {
    const text = substitute(readFileSync(path.join(FIXTURES, spec.fixture), "utf8"), vars);
    const data: unknown = JSON.parse(text);
    for (const [dotted, value] of Object.entries(spec.set ?? {})) {
      setPath(data, dotted, substituteDeep(value, vars));
    }
    for (const dotted of spec.delete ?? []) setPath(data, dotted, undefined);
    const rendered = `${JSON.stringify(data, null, 2)}\n`;
    return Buffer.from(spec.truncate === undefined ? rendered : rendered.slice(0, spec.truncate));
  }
  if ("copy" in spec) return { copy: path.resolve(REPO_ROOT, substitute(spec.copy, vars)) };
  if ("symlink" in spec) return { symlink: substitute(spec.symlink, vars) };
  if ("fifo" in spec) return { fifo: true };
  return { dir: true };
}

/** Writes one entry; `file` must lie inside the scratch root. */
export function writeEntry(scratch: Scratch, file: string, spec: FileSpec): void {
  const target = path.resolve(substitute(file, scratch.vars));
  if (!isInside(scratch.root, target)) {
    throw new Error(`corpus file ${file} resolves to ${target}, outside the scratch root`);
  }
  const rendered = renderSpec(spec, scratch.vars);
  mkdirSync(path.dirname(target), { recursive: true });
  if (Buffer.isBuffer(rendered)) writeFileSync(target, rendered);
  else if ("symlink" in rendered) {
    rmSync(target, { force: true });
    symlinkSync(rendered.symlink, target);
  } else if ("copy" in rendered) cpSync(rendered.copy, target, { recursive: true });
  else if ("fifo" in rendered) {
    // It may replace a file an earlier entry (a copied folder) created.
    rmSync(target, { force: true });
    execFileSync("mkfifo", [target]);
  } else mkdirSync(target, { recursive: true });
}

/** One entry of a snapshot: its kind and, for files, size, mode, mtime and content hash. */
export type Entry =
  | { kind: "file"; size: number; mode: number; mtimeMs: number; sha256: string }
  | { kind: "symlink"; target: string }
  | { kind: "dir" }
  | { kind: "other" };

/** Every entry below `root` (not following links), keyed by its absolute path. */
export function snapshot(root: string): Map<string, Entry> {
  const entries = new Map<string, Entry>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const full = path.join(dir, name);
      const info = lstatSync(full);
      if (info.isSymbolicLink()) entries.set(full, { kind: "symlink", target: readlinkSync(full) });
      else if (info.isDirectory()) {
        entries.set(full, { kind: "dir" });
        walk(full);
      } else if (info.isFile()) {
        const sha256 = createHash("sha256").update(readFileSync(full)).digest("hex");
        entries.set(full, {
          kind: "file",
          size: info.size,
          mode: info.mode,
          mtimeMs: info.mtimeMs,
          sha256,
        });
      } else entries.set(full, { kind: "other" });
    }
  };
  walk(root);
  return entries;
}

/** What changed between two snapshots: `+ path` added, `- path` removed, `~ path` changed. */
export function diffSnapshots(
  before: ReadonlyMap<string, Entry>,
  after: ReadonlyMap<string, Entry>,
): { path: string; change: "+" | "-" | "~" }[] {
  const changes: { path: string; change: "+" | "-" | "~" }[] = [];
  for (const [file, entry] of after) {
    const old = before.get(file);
    if (!old) changes.push({ path: file, change: "+" });
    else if (JSON.stringify(old) !== JSON.stringify(entry))
      changes.push({ path: file, change: "~" });
  }
  for (const file of before.keys()) {
    if (!after.has(file)) changes.push({ path: file, change: "-" });
  }
  return changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Whether `file` is `dir` or lies below it. */
export function isInside(dir: string, file: string): boolean {
  const relative = path.relative(dir, file);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}
