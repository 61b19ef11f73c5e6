import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { capturedHelpSource } from "../../ccw/src/parity/help-pages.js";
import {
  INFERRED_FROM_USAGE,
  parseArgToken,
  parseClapHelp,
  parseFlagSpec,
} from "../../ccw/src/parity/help-parser.js";
import { toJsonText } from "../../ccw/src/parity/json-text.js";
import { parseArtifact } from "../../ccw/src/parity/manifest-layout.js";
import { UpstreamSnapshotV1 } from "../../ccw/src/parity/schemas.js";
import { collectSnapshot, parseFeaturesList } from "../../ccw/src/parity/snapshot.js";
import { helpFixtures, LINUX, MANIFESTS, NEW, OLD } from "./fixtures.js";

const page = (version: string, name: string) =>
  readFile(path.join(helpFixtures(version), name), "utf8");
const keys = (help: ReturnType<typeof parseClapHelp>) =>
  help.flags.map((flag) => flag.long ?? flag.short);

describe("parseFlagSpec", () => {
  it.each([
    ["--json", { long: "--json", takes_value: false }],
    ["-h, --help", { long: "--help", short: "-h", takes_value: false }],
    [
      "-c, --config <key=value>",
      { long: "--config", short: "-c", takes_value: true, value_name: "key=value" },
    ],
    [
      "-i, --image <FILE>...",
      { long: "--image", short: "-i", takes_value: true, value_name: "FILE", repeatable: true },
    ],
    ["--out=<DIR>", { long: "--out", takes_value: true, value_name: "DIR" }],
    ["--level [<LEVEL>]", { long: "--level", takes_value: true, value_name: "LEVEL" }],
    ["-v", { short: "-v", takes_value: false }],
    ["-P <NAME>", { short: "-P", takes_value: true, value_name: "NAME" }],
    [
      "--oauth-client-registration <AUTO|CIMD|DCR>",
      { long: "--oauth-client-registration", takes_value: true, value_name: "AUTO|CIMD|DCR" },
    ],
  ])("%s", (spec, expected) => {
    expect(parseFlagSpec(spec)).toEqual(expected);
  });

  it("rejects text that is not a flag", () => {
    expect(parseFlagSpec("codex plugin add sample@debug")).toBeUndefined();
  });
});

describe("parseArgToken", () => {
  it.each([
    ["<NAME>", { name: "NAME", required: true }],
    ["[PROMPT]", { name: "PROMPT", required: false }],
    ["[COMMAND]...", { name: "COMMAND", required: false, variadic: true }],
    ["<PLUGIN[@MARKETPLACE]>", { name: "PLUGIN[@MARKETPLACE]", required: true }],
    ["--url", undefined],
  ])("%s", (token, expected) => {
    expect(parseArgToken(token)).toEqual(expected);
  });
});

describe("parseClapHelp on captured help of Codex 0.125.0 and 0.169.0", () => {
  it("reads `codex help exec` of 0.125.0, which still has --full-auto", async () => {
    const help = parseClapHelp(await page(OLD, "codex.exec.txt"), "codex exec");
    expect(help.about).toBe("Run Codex non-interactively");
    expect(help.usage).toEqual([
      "codex exec [OPTIONS] [PROMPT]",
      "codex exec [OPTIONS] <COMMAND> [ARGS]",
    ]);
    expect(help.subcommands.map((sub) => sub.name)).toEqual(["resume", "review"]);
    expect(help.args).toEqual([{ name: "PROMPT", required: false }]);
    expect(keys(help)).toContain("--full-auto");
    expect(help.flags.find((flag) => flag.long === "--image")).toEqual({
      long: "--image",
      short: "-i",
      takes_value: true,
      value_name: "FILE",
      repeatable: true,
    });
  });

  it("reads `codex help exec` of 0.169.0, which no longer has --full-auto", async () => {
    const help = parseClapHelp(await page(NEW, "codex.exec.txt"), "codex exec");
    expect(help.subcommands.map((sub) => sub.name)).toEqual(["resume", "fork", "review"]);
    expect(keys(help)).not.toContain("--full-auto");
    expect(keys(help)).toEqual(
      expect.arrayContaining([
        "--json",
        "--skip-git-repo-check",
        "--color",
        "--cd",
        "--add-dir",
        "--ephemeral",
        "--strict-config",
      ]),
    );
    // Descriptions that start with a dash ("- on-request: ...") are not flags.
    expect(keys(help).every((key) => key?.startsWith("-"))).toBe(true);
  });

  it("reads `codex help exec resume` (arguments and flags after resume)", async () => {
    const help = parseClapHelp(await page(NEW, "codex.exec.resume.txt"), "codex exec resume");
    expect(help.args).toEqual([
      { name: "SESSION_ID", required: false },
      { name: "PROMPT", required: false },
    ]);
    expect(keys(help)).toEqual(
      expect.arrayContaining(["--last", "--all", "--json", "--output-last-message"]),
    );
    expect(help.flags.find((flag) => flag.long === "--image")?.repeatable).toBeUndefined();
  });

  it("reads the root help: commands with aliases and wrapped abouts, no clap `help`", async () => {
    const help = parseClapHelp(await page(NEW, "codex.txt"), "codex");
    expect(help.about).toBe("Codex CLI");
    const exec = help.subcommands.find((sub) => sub.name === "exec");
    expect(exec?.about).toBe("Run Codex non-interactively");
    const apply = help.subcommands.find((sub) => sub.name === "apply");
    expect(apply?.about).toBe(
      "Apply the latest diff produced by Codex agent as a `git apply` to your local working tree",
    );
    expect(help.subcommands.map((sub) => sub.name)).not.toContain("help");
    // `<COMMAND> [ARGS]` in the second usage line is clap's subcommand dispatch, not arguments.
    expect(help.args).toEqual([{ name: "PROMPT", required: false }]);
  });

  it("reads a page without an about and with a usage alternative", async () => {
    const help = parseClapHelp(await page(NEW, "codex.mcp.add.txt"), "codex mcp add");
    expect(help.about).toBeUndefined();
    expect(help.usage).toEqual(["codex mcp add [OPTIONS] <NAME> (--url <URL> | -- <COMMAND>...)"]);
    expect(help.args).toEqual([
      { name: "NAME", required: true },
      { name: "COMMAND", required: false, variadic: true },
    ]);
  });

  it("ignores example lines after the options", async () => {
    const help = parseClapHelp(await page(NEW, "codex.plugin.add.txt"), "codex plugin add");
    expect(keys(help)).toEqual([
      "--config",
      "--marketplace",
      "--enable",
      "--json",
      "--disable",
      "--help",
    ]);
  });

  it("infers positionals that only a usage line shows, but not flag values", () => {
    const text = [
      "Do a thing",
      "",
      "Usage: codex thing [OPTIONS] --env <ENV_ID> <SOURCE> [DEST]...",
      "",
      "Options:",
      "      --env <ENV_ID>  Target environment",
      "  -h, --help          Print help",
    ].join("\n");
    const help = parseClapHelp(text, "codex thing");
    expect(help.args).toEqual([
      { name: "SOURCE", required: true, note: INFERRED_FROM_USAGE },
      { name: "DEST", required: false, variadic: true, note: INFERRED_FROM_USAGE },
    ]);
    expect(help.flags).toEqual([
      { long: "--env", takes_value: true, value_name: "ENV_ID" },
      { long: "--help", short: "-h", takes_value: false },
    ]);
  });

  it("strips colours and CRLF before parsing", () => {
    const text =
      "\u001b[1mUsage:\u001b[0m codex x [OPTIONS]\r\n\r\n\u001b[1mOptions:\u001b[0m\r\n      --json\r\n";
    expect(parseClapHelp(text, "codex x").flags).toEqual([{ long: "--json", takes_value: false }]);
  });

  it("refuses text without a Usage line", () => {
    expect(() => parseClapHelp("error: unexpected argument", "codex exec")).toThrow(
      /no "Usage:" line/,
    );
  });
});

describe("snapshots from captured help", () => {
  it.each([OLD, NEW])(
    "rebuilds the committed %s snapshot from its captured pages",
    async (version) => {
      const file = path.join(MANIFESTS, "snapshots", version, `${LINUX}.json`);
      const committedText = await readFile(file, "utf8");
      const committed = parseArtifact(committedText, file, UpstreamSnapshotV1);
      const rebuilt = await collectSnapshot({
        source: capturedHelpSource(helpFixtures(version)),
        binary: {
          sha256: committed.binary.sha256,
          sizeBytes: committed.binary.size_bytes,
          targetTriple: committed.binary.target_triple,
          platform: committed.binary.platform,
        },
        collectedAt: committed.collected_at,
      });
      expect(toJsonText(rebuilt)).toBe(committedText);
    },
  );

  it("parses `codex features list` rows, including two-word stages", () => {
    expect(
      parseFeaturesList(
        "apps                  stable             true\nchronicle   under development  false\n",
      ),
    ).toEqual([
      { name: "apps", stage: "stable", enabled_by_default: true },
      { name: "chronicle", stage: "under development", enabled_by_default: false },
    ]);
    expect(() => parseFeaturesList("garbage\n")).toThrow(/unexpected line/);
  });

  it("records a missing `features list` as a known omission", async () => {
    const pages = capturedHelpSource(helpFixtures(NEW));
    const snapshot = await collectSnapshot({
      source: {
        run: (args) =>
          args[0] === "features"
            ? Promise.reject(new Error("unrecognized subcommand 'features'"))
            : pages.run(args),
      },
      binary: {
        sha256: "0".repeat(64),
        sizeBytes: 1,
        targetTriple: LINUX,
        platform: { os: "linux", arch: "x86_64" },
      },
      collectedAt: "2026-11-21T00:00:00Z",
    });
    expect(snapshot.features).toBeUndefined();
    expect(snapshot.known_omissions).toContain(
      "`codex features list` failed: unrecognized subcommand 'features'",
    );
  });
});
