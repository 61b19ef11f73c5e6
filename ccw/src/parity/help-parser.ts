/**
 * A parser for the help pages clap (the Rust argument parser Codex uses) prints: the about
 * paragraph, `Usage:` lines, and the `Commands:`, `Arguments:` and option sections. It reads
 * the long form (`codex help <path>`, descriptions on their own lines) and the short form
 * (`-h`, descriptions on the same line).
 */
import { stripVTControlCharacters } from "node:util";
import { InvalidDataError } from "../errors.js";
import type { SnapshotArg, SnapshotFlag } from "./schemas.js";

/** The `note` of a positional argument found only in a usage line. */
export const INFERRED_FROM_USAGE = "inferred from usage";

/** What one help page says. */
export interface ParsedHelp {
  readonly about: string | undefined;
  /** Usage lines without the `Usage:` prefix, e.g. `codex exec [OPTIONS] [PROMPT]`. */
  readonly usage: readonly string[];
  /** Listed subcommands, without clap's built-in `help`. */
  readonly subcommands: readonly { readonly name: string; readonly about: string | undefined }[];
  readonly args: readonly SnapshotArg[];
  readonly flags: readonly SnapshotFlag[];
}

const HEADING = /^([A-Z][A-Za-z -]*):$/;
/** Entries sit at 2 to 6 spaces; descriptions of the long form at 10. */
const ENTRY = /^ {2,6}(\S.*)$/;
/** Sections whose entries are not options even when a line starts with a dash. */
const TEXT_SECTIONS = new Set(["Example", "Examples", "Note", "Notes"]);
/** clap's placeholders for "a subcommand goes here" in a usage line. */
const DISPATCH_PLACEHOLDERS = new Set(["COMMAND", "ARGS"]);

/** Turns terminal output into the canonical text: no colour, LF, no trailing blanks. */
export function normalizeHelpText(text: string): string {
  return stripVTControlCharacters(text)
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n");
}

/** Parses one help page. `where` names the page in error messages (e.g. `codex exec`). */
export function parseClapHelp(text: string, where: string): ParsedHelp {
  const lines = normalizeHelpText(text).split("\n");
  const usageAt = lines.findIndex((line) => line.startsWith("Usage:"));
  if (usageAt < 0) {
    throw new InvalidDataError(`the help of ${where} has no "Usage:" line`, {
      hint: `Run \`${where} --help\` by hand: is this really a clap help page?`,
    });
  }
  const about = firstParagraph(lines.slice(0, usageAt));
  const usage = [(lines[usageAt] ?? "").slice("Usage:".length).trim()];
  let index = usageAt + 1;
  for (; index < lines.length && /^\s+\S/.test(lines[index] ?? ""); index++) {
    usage.push((lines[index] ?? "").trim());
  }

  const subcommands: { name: string; about: string[] }[] = [];
  const args: SnapshotArg[] = [];
  const flags: SnapshotFlag[] = [];
  let section: string | undefined;
  let current: { name: string; about: string[] } | undefined;
  for (; index < lines.length; index++) {
    const line = lines[index] ?? "";
    const heading = HEADING.exec(line);
    if (heading) {
      section = heading[1];
      current = undefined;
      continue;
    }
    if (line === "") continue;
    if (!line.startsWith(" ")) {
      // Free text after the sections (after_help) ends every section.
      section = undefined;
      continue;
    }
    const entry = ENTRY.exec(line)?.[1];
    if (section === "Commands") {
      if (entry !== undefined) {
        const [name = "", ...rest] = entry.split(/\s{2,}/);
        current = { name, about: rest };
        // clap adds a `help` subcommand to every command that has subcommands.
        if (name !== "help") subcommands.push(current);
      } else if (current) {
        current.about.push(line.trim());
      }
    } else if (section === "Arguments") {
      if (entry !== undefined && /^[<[]/.test(entry)) {
        const arg = parseArgToken(entry.split(/\s{2,}/)[0] ?? "");
        if (arg && !args.some((known) => known.name === arg.name)) args.push(arg);
      }
    } else if (section !== undefined && !TEXT_SECTIONS.has(section)) {
      if (entry?.startsWith("-")) {
        const flag = parseFlagSpec(entry.split(/\s{2,}/)[0] ?? "");
        if (flag && !flags.some((known) => flagKeyOf(known) === flagKeyOf(flag))) flags.push(flag);
      }
    }
  }

  const listed = subcommands.map((command) => ({
    name: command.name,
    about: cleanAbout(command.about.join(" ")),
  }));
  inferArgsFromUsage(usage, where, listed.length > 0, args);
  return { about, usage, subcommands: listed, args, flags };
}

/** The flag's identity: its long form if it has one, else its short form. */
export function flagKeyOf(flag: { readonly long?: string; readonly short?: string }): string {
  return flag.long ?? flag.short ?? "";
}

function firstParagraph(lines: readonly string[]): string | undefined {
  const start = lines.findIndex((line) => line.trim() !== "");
  if (start < 0) return undefined;
  const paragraph: string[] = [];
  for (let index = start; index < lines.length && (lines[index] ?? "").trim() !== ""; index++) {
    paragraph.push((lines[index] ?? "").trim());
  }
  return paragraph.join(" ");
}

function cleanAbout(text: string): string | undefined {
  const cleaned = text
    .replace(/\s*\[aliases?: [^\]]*\]\s*$/, "")
    .replace(/\s+/g, " ")
    .trim();
  return cleaned === "" ? undefined : cleaned;
}

/** `<NAME>`, `[NAME]`, `[NAME]...` → an argument; anything else → undefined. */
export function parseArgToken(token: string): SnapshotArg | undefined {
  const match = /^(<([^<>]+)>|\[([^[\]]+)\])(\.\.\.)?$/.exec(token);
  if (!match) return undefined;
  const name = match[2] ?? match[3] ?? "";
  const arg: SnapshotArg = { name, required: match[2] !== undefined };
  return match[4] ? { ...arg, variadic: true } : arg;
}

/**
 * `-c, --config <key=value>`, `--enable <FEATURE>`, `-i, --image <FILE>...`, `--json`,
 * `--out=<DIR>`, `-v` → a flag; `...` after the value means it may be given many times.
 */
export function parseFlagSpec(spec: string): SnapshotFlag | undefined {
  let rest = spec.trim();
  let short: string | undefined;
  let long: string | undefined;
  const shortMatch = /^(-[^-\s,])(?:,\s*|\s+|$)/.exec(rest);
  if (shortMatch) {
    short = shortMatch[1];
    rest = rest.slice(shortMatch[0].length);
  }
  const longMatch = /^(--[^\s=<[\],]+)(?:=|\s+|$)/.exec(rest);
  if (longMatch) {
    long = longMatch[1];
    rest = rest.slice(longMatch[0].length);
  }
  if (short === undefined && long === undefined) return undefined;
  const value = rest.trim();
  const flag: SnapshotFlag = {
    ...(long === undefined ? {} : { long }),
    ...(short === undefined ? {} : { short }),
    takes_value: value !== "",
  };
  if (value === "") return flag;
  const repeatable = value.endsWith("...");
  const valueName = value
    .replace(/\.\.\.$/, "")
    .split(/\s+/)
    .map((part) => part.replace(/^\[?<?|>?\]?$/g, ""))
    .filter((part) => part !== "")
    .join(" ");
  return {
    ...flag,
    ...(valueName === "" ? {} : { value_name: valueName }),
    ...(repeatable ? { repeatable: true } : {}),
  };
}

/**
 * Adds the positional arguments a usage line shows but the Arguments section does not list.
 * Values of flags (`--url <URL>`) and clap's subcommand placeholders are not arguments.
 */
function inferArgsFromUsage(
  usage: readonly string[],
  where: string,
  hasSubcommands: boolean,
  args: SnapshotArg[],
): void {
  const prefix = where.split(" ").length;
  for (const line of usage) {
    const tokens = line.split(/\s+/).slice(prefix);
    let previousWasFlag = false;
    for (const raw of tokens) {
      const token = raw.replace(/^\(+|\)+$/g, "");
      if (token === "" || token === "|" || token === "[OPTIONS]") {
        previousWasFlag = false;
        continue;
      }
      if (token.startsWith("-")) {
        previousWasFlag = token !== "--";
        continue;
      }
      const arg = parseArgToken(token);
      if (arg && !previousWasFlag) {
        const placeholder = hasSubcommands && DISPATCH_PLACEHOLDERS.has(arg.name);
        if (!placeholder && !args.some((known) => known.name === arg.name)) {
          args.push({ ...arg, note: INFERRED_FROM_USAGE });
        }
      }
      previousWasFlag = false;
    }
  }
}
