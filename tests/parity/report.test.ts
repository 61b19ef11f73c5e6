import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { toJsonText } from "../../ccw/src/parity/json-text.js";
import { parseArtifact } from "../../ccw/src/parity/manifest-layout.js";
import {
  buildCoverageReport,
  reportFileName,
  standardFilters,
} from "../../ccw/src/parity/report.js";
import {
  CoverageReportV1,
  type Deltas,
  UpstreamSnapshotUnionV2,
  WrapperCoverageV1,
} from "../../ccw/src/parity/schemas.js";
import { buildUnion } from "../../ccw/src/parity/union.js";
import { LINUX, MANIFESTS, NEW, OLD } from "./fixtures.js";
import { arg, coverageOf, flag, line, rulesWith, snapshotOf } from "./synthetic.js";

const MAC = "aarch64-apple-darwin";
const GENERATED_AT = "2026-01-01T00:00:00Z";

/** An upstream with one unit for every delta category. */
const upstream = buildUnion(
  [
    snapshotOf(LINUX, [
      {
        path: [],
        flags: [flag("--model=MODEL"), flag("--search"), flag("--verbose")],
        args: [arg("PROMPT")],
      },
      { path: ["apply"] },
      { path: ["cloud"] },
      { path: ["debug"] },
      {
        path: ["exec"],
        flags: [flag("--color=COLOR"), flag("--json"), flag("--model=MODEL"), flag("--trust")],
        args: [arg("PROMPT")],
      },
      { path: ["exec", "resume"], flags: [flag("--last")], args: [arg("SESSION_ID")] },
      { path: ["exec", "review"], flags: [flag("--base=BRANCH")], args: [arg("PROMPT")] },
      { path: ["login"], flags: [flag("--api-key")] },
      { path: ["mcp"] },
      { path: ["mcp", "add"], flags: [flag("--url=URL")], args: [arg("NAME")] },
      { path: ["resume"], flags: [flag("--last")], args: [arg("SESSION_ID")] },
    ]),
    snapshotOf(MAC, [
      { path: [], flags: [flag("--model=MODEL"), flag("--mac-only")] },
      { path: ["exec"], flags: [flag("--json")], args: [arg("PROMPT")] },
    ]),
  ],
  rulesWith(),
);

const rules = rulesWith({
  exclusions: [
    {
      unit: "arg",
      path: [],
      name: "PROMPT",
      category: "interactive-session",
      note: "the UI prompt",
    },
    { unit: "command", path: ["resume"], category: "interactive-session", note: "the UI picker" },
    { unit: "flag", path: [], key: "--search", category: "interactive-option", note: "UI only" },
  ],
});

const coverage = coverageOf([
  { path: [], level: "explicit" },
  { path: ["apply"], level: "passthrough" },
  { path: ["cloud"], level: "unsupported" },
  { path: ["debug"], level: "unknown" },
  {
    path: ["exec"],
    level: "explicit",
    flags: [
      { key: "--color", level: "passthrough" },
      { key: "--full-auto", level: "explicit" },
      { key: "--json", level: "explicit" },
      { key: "--model", level: "explicit" },
      { key: "--trust", level: "unsupported" },
    ],
    args: [
      { name: "EXTRA", level: "explicit" },
      { name: "PROMPT", level: "explicit" },
    ],
  },
  { path: ["exec", "resume"], level: "explicit", flags: [{ key: "--last", level: "unknown" }] },
  { path: ["exec", "review"], level: "intentionally_unsupported", note: "review is not ours" },
  { path: ["ghost"], level: "explicit" },
  { path: ["mcp"], level: "intentionally_unsupported", note: "mcp is out of scope" },
]);

const report = (filter: Parameters<typeof buildCoverageReport>[0]["filter"], union = upstream) =>
  buildCoverageReport({ union, coverage, rules, filter, generatedAt: GENERATED_AT });

const lines = (deltas: Deltas) =>
  Object.fromEntries(Object.entries(deltas).map(([key, items]) => [key, (items ?? []).map(line)]));

describe("buildCoverageReport classifies every delta category", () => {
  it("under the `any` filter", () => {
    expect(lines(report({ mode: "any" }).deltas)).toEqual({
      missing_commands: ["codex debug [unknown]", "codex login"],
      missing_flags: [
        "codex --mac-only",
        "codex --verbose",
        "codex exec --trust [unsupported]",
        "codex exec resume --last [unknown]",
        "codex login --api-key",
      ],
      missing_args: ["codex exec resume <SESSION_ID>"],
      excluded_commands: ["codex resume (the UI picker)"],
      excluded_flags: ["codex --search (UI only)"],
      excluded_args: ["codex <PROMPT> (the UI prompt)"],
      passthrough_candidates: ["codex apply [passthrough]"],
      unsupported: ["codex cloud [unsupported]"],
      intentionally_unsupported: [
        "codex exec review [intentionally_unsupported] (review is not ours)",
        "codex exec review --base [intentionally_unsupported] (review is not ours)",
        "codex exec review <PROMPT> [intentionally_unsupported] (review is not ours)",
        "codex mcp [intentionally_unsupported] (mcp is out of scope)",
        "codex mcp add [intentionally_unsupported] (mcp is out of scope)",
        "codex mcp add --url [intentionally_unsupported] (mcp is out of scope)",
        "codex mcp add <NAME> [intentionally_unsupported] (mcp is out of scope)",
      ],
      wrapper_only_commands: ["codex ghost [explicit]"],
      wrapper_only_flags: ["codex exec --full-auto [explicit]"],
      wrapper_only_args: ["codex exec <EXTRA> [explicit]"],
    });
  });

  it("compares global flags at the root: the wrapper's exec --model covers codex --model", () => {
    const { deltas } = report({ mode: "any" });
    const all = Object.values(deltas).flat().map(line);
    expect(all.filter((text) => text.includes("--model"))).toEqual([]);
  });

  it("records where each upstream unit is available", () => {
    const item = report({ mode: "any" }).deltas.missing_flags.find((i) => i.key === "--verbose");
    expect(item?.upstream_available_on).toEqual([LINUX]);
  });

  it("under an exact target filter, units of other targets are absent", () => {
    const linux = report({ mode: "exact_target", target_triple: LINUX });
    expect(linux.deltas.missing_flags.map(line)).not.toContain("codex --mac-only");
    const mac = report({ mode: "exact_target", target_triple: MAC });
    expect(lines(mac.deltas)).toEqual({
      missing_commands: [],
      missing_flags: ["codex --mac-only"],
      missing_args: [],
      wrapper_only_commands: [
        "codex apply [passthrough]",
        "codex cloud [unsupported]",
        "codex debug [unknown]",
        "codex exec resume [explicit]",
        "codex exec review [intentionally_unsupported] (review is not ours)",
        "codex ghost [explicit]",
        "codex mcp [intentionally_unsupported] (mcp is out of scope)",
      ],
      wrapper_only_flags: [
        "codex exec --color [passthrough]",
        "codex exec --full-auto [explicit]",
        "codex exec --trust [unsupported]",
        "codex exec resume --last [unknown]",
      ],
      wrapper_only_args: ["codex exec <EXTRA> [explicit]"],
    });
  });

  it("keeps the three missing lists even when empty, and leaves out other empty lists", () => {
    const empty = buildCoverageReport({
      union: buildUnion([snapshotOf(LINUX, [{ path: [] }])], rulesWith()),
      coverage: coverageOf([{ path: [], level: "explicit" }]),
      rules,
      filter: { mode: "any" },
      generatedAt: GENERATED_AT,
    });
    expect(Object.keys(empty.deltas)).toEqual([
      "missing_commands",
      "missing_flags",
      "missing_args",
    ]);
  });

  it("refuses the `all` filter on an incomplete union, and applies it on a complete one", () => {
    expect(() => report({ mode: "all" })).toThrow(
      /needs a complete union; missing: x86_64-pc-windows-msvc/,
    );
    const twoTargets = rulesWith({ expected: [LINUX, MAC] });
    const complete = buildUnion(
      [
        snapshotOf(LINUX, [{ path: [], flags: [flag("--both"), flag("--linux")] }]),
        snapshotOf(MAC, [{ path: [], flags: [flag("--both")] }]),
      ],
      twoTargets,
    );
    const all = buildCoverageReport({
      union: complete,
      coverage: coverageOf([{ path: [], level: "explicit" }]),
      rules: twoTargets,
      filter: { mode: "all" },
      generatedAt: GENERATED_AT,
    });
    expect(all.deltas.missing_flags.map(line)).toEqual(["codex --both"]);
    expect(standardFilters(complete).map(reportFileName)).toEqual([
      "coverage.any.json",
      `coverage.${LINUX}.json`,
      `coverage.${MAC}.json`,
      "coverage.all.json",
    ]);
  });

  it("produces schema-valid reports", () => {
    expect(CoverageReportV1.safeParse(report({ mode: "any" })).success).toBe(true);
  });
});

describe("the committed reports", () => {
  const read = async (file: string) => readFile(path.join(MANIFESTS, file), "utf8");
  const load = async (version: string) => {
    const unionFile = path.join(MANIFESTS, "snapshots", version, "union.json");
    return {
      union: parseArtifact(
        await read(`snapshots/${version}/union.json`),
        unionFile,
        UpstreamSnapshotUnionV2,
      ),
      coverage: parseArtifact(
        await read("wrapper_coverage.json"),
        "wrapper_coverage.json",
        WrapperCoverageV1,
      ),
      report: parseArtifact(
        await read(`reports/${version}/coverage.any.json`),
        "coverage.any.json",
        CoverageReportV1,
      ),
    };
  };

  it.each([OLD, NEW])("are what the code builds now for %s", async (version) => {
    const { union, coverage } = await load(version);
    for (const filter of standardFilters(union)) {
      const committed = await read(`reports/${version}/${reportFileName(filter)}`);
      const generatedAt = parseArtifact(committed, "report", CoverageReportV1).generated_at;
      expect(
        toJsonText(
          buildCoverageReport({ union, coverage, rules: rulesWith(), filter, generatedAt }),
        ),
      ).toBe(committed);
    }
  });

  it(`show the drift between Codex ${OLD} and ${NEW}: --full-auto is gone`, async () => {
    const old = await load(OLD);
    const current = await load(NEW);
    expect(old.report.deltas.missing_flags.map(line)).toContain("codex --full-auto");
    expect(current.report.deltas.missing_flags.map(line)).not.toContain("codex --full-auto");
    const hasFullAuto = (union: typeof old.union) =>
      union.commands.some((command) => command.flags?.some((f) => f.key === "--full-auto"));
    expect(hasFullAuto(old.union)).toBe(true);
    expect(hasFullAuto(current.union)).toBe(false);
    // And the other way: surfaces that only the newer release has.
    expect(current.report.deltas.missing_commands.map(line)).toContain("codex exec fork");
    expect(old.report.deltas.missing_commands.map(line)).not.toContain("codex exec fork");
  });

  it("never list an excluded identity under missing_*", async () => {
    for (const version of [OLD, NEW]) {
      const { report } = await load(version);
      const missing = [
        ...report.deltas.missing_commands,
        ...report.deltas.missing_flags,
        ...report.deltas.missing_args,
      ].map(line);
      expect(missing).not.toContain("codex --no-alt-screen");
      expect(missing).not.toContain("codex <PROMPT>");
      expect(missing).not.toContain("codex resume");
      expect(report.deltas.excluded_flags?.map(line)).toContain(
        "codex --no-alt-screen (renders the interactive UI inline instead of in the terminal's alternate screen)",
      );
    }
  });
});
