import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { coverageNotUpstream } from "../../ccw/src/parity/coverage-guard.js";
import { toJsonText } from "../../ccw/src/parity/json-text.js";
import { parseArtifact } from "../../ccw/src/parity/manifest-layout.js";
import { Exclusions } from "../../ccw/src/parity/rules.js";
import { UpstreamSnapshotUnionV2, WrapperCoverageV1 } from "../../ccw/src/parity/schemas.js";
import { parsePointer } from "../../ccw/src/parity/version-range.js";
import {
  CoverageDerivationError,
  deriveWrapperCoverage,
  type FlagTable,
  uncoveredFlags,
  unitsOfArgv,
  unitsOfScenario,
} from "../../ccw/src/parity/wrapper-coverage.js";
import { checkWrapperCoverage } from "../../ccw/src/parity/wrapper-coverage-check.js";
import { CAPABILITY_GUARDED_NOTE } from "../../ccw/src/parity/wrapper-levels.js";
import { WRAPPER_SCENARIOS } from "../../ccw/src/parity/wrapper-scenarios.js";
import { CODEX_EXEC_FLAGS } from "../../ccw/src/tools/codex/codex-flags.js";
import { runCli } from "../helpers/cli-context.js";
import { EPOCH, MANIFESTS, REPO, tempDir } from "./fixtures.js";
import { coverageOf } from "./synthetic.js";

const COMMITTED = path.join(MANIFESTS, "wrapper_coverage.json");
const derive = () =>
  deriveWrapperCoverage({ generatedAt: "2026-11-21T00:00:00Z", wrapperVersion: "0.1.0" });
const ids = (units: ReturnType<typeof unitsOfScenario>) => [
  ...new Set(
    units.map((u) =>
      [...u.path, u.key ?? (u.name === undefined ? "" : `<${u.name}>`)].join(" ").trim(),
    ),
  ),
];

/** What each scenario is there for: the identities it adds to the minimal run. */
const SCENARIO_EXPECTATIONS: Record<string, string[]> = {
  "S01-minimal-run": ["exec --json", "exec --skip-git-repo-check", "exec --color", "exec <PROMPT>"],
  "S02-working-root": ["exec --cd"],
  "S03-analysis-mode": ["exec --sandbox"],
  "S04-write-mode": ["exec --sandbox"],
  "S05-model-and-profile": ["exec --model", "exec --profile"],
  "S06-images": ["exec --image"],
  "S07-extra-writable-dirs": ["exec --add-dir"],
  "S08-structured-output": ["exec --output-schema"],
  "S09-last-message-file": ["exec --output-last-message"],
  "S10-config-overrides": ["exec --config"],
  "S11-feature-toggles": ["exec --enable", "exec --disable"],
  "S12-ephemeral-run": ["exec --ephemeral"],
  "S13-resume-by-id": ["exec resume", "exec resume <SESSION_ID>", "exec resume <PROMPT>"],
  "S14-resume-last": ["exec resume", "exec resume --last", "exec resume <PROMPT>"],
  "S15-resume-with-options": [
    "exec --cd",
    "exec --sandbox",
    "exec --model",
    "exec --config",
    "exec resume <SESSION_ID>",
  ],
};

describe("the scenario catalog", () => {
  it("has an expectation for every scenario, and no expectation without a scenario", () => {
    expect(WRAPPER_SCENARIOS.map((s) => s.id).sort()).toEqual(
      Object.keys(SCENARIO_EXPECTATIONS).sort(),
    );
  });

  it.each(WRAPPER_SCENARIOS.map((s) => [s.id, s] as const))(
    "%s produces what it is there for",
    (id, scenario) => {
      const produced = ids(unitsOfScenario(scenario));
      expect(produced).toEqual(
        expect.arrayContaining(SCENARIO_EXPECTATIONS[id] ?? ["(no expectation)"]),
      );
    },
  );

  it("is represented in the manifest: every identity of every scenario is covered", () => {
    const coverage = derive();
    const covered = new Set(
      coverage.coverage.flatMap((entry) => [
        entry.path.join(" "),
        ...(entry.flags ?? []).map((f) => `${entry.path.join(" ")} ${f.key}`),
        ...(entry.args ?? []).map((a) => `${entry.path.join(" ")} <${a.name}>`),
      ]),
    );
    for (const scenario of WRAPPER_SCENARIOS) {
      for (const id of ids(unitsOfScenario(scenario)))
        expect(covered, `${scenario.id}: ${id}`).toContain(id);
    }
  });

  it("is documented in docs/wrapper-scenarios.md", async () => {
    const doc = await readFile(path.join(REPO, "docs", "wrapper-scenarios.md"), "utf8");
    for (const scenario of WRAPPER_SCENARIOS) expect(doc).toContain(scenario.id);
  });
});

describe("deriveWrapperCoverage", () => {
  it("covers every flag of the builder's table", () => {
    expect(uncoveredFlags(derive())).toEqual([]);
  });

  it("fails the check when the builder's table gains a flag that no scenario emits", () => {
    const table: FlagTable = {
      ...CODEX_EXEC_FLAGS,
      worktree: {
        long: "--worktree",
        takesValue: false,
        repeatable: false,
        channel: "typed",
        position: "exec",
      },
    };
    expect(uncoveredFlags(derive(), table)).toEqual(["--worktree"]);
  });

  it("sets levels and notes from the table: passthrough channels, capability-guarded notes", () => {
    const exec = derive().coverage.find((entry) => entry.path.join(" ") === "exec");
    const level = (key: string) => exec?.flags?.find((f) => f.key === key);
    for (const spec of Object.values(CODEX_EXEC_FLAGS).filter((s) => s.position === "exec")) {
      expect(level(spec.long)).toEqual({
        key: spec.long,
        level: spec.channel === "passthrough" ? "passthrough" : "explicit",
        ...("capabilityGuarded" in spec ? { note: CAPABILITY_GUARDED_NOTE } : {}),
      });
    }
    expect(level("--config")?.level).toBe("passthrough");
    expect(level("--enable")?.level).toBe("passthrough");
  });

  it("is non-empty, policy-clean, and schema-valid", () => {
    const coverage = derive();
    expect(coverage.coverage.length).toBeGreaterThan(0);
    expect(checkWrapperCoverage(coverage, undefined)).toEqual([]);
    expect(WrapperCoverageV1.safeParse(coverage).success).toBe(true);
  });

  it("maps short forms, --long=value and positionals to help identities", () => {
    const units = unitsOfArgv(["exec", "-m", "x", "--image=a.png", "resume", "--last", "-"]);
    expect(ids(units)).toEqual([
      "",
      "exec",
      "exec --model",
      "exec --image",
      "exec resume",
      "exec resume --last",
      "exec resume <PROMPT>",
    ]);
  });

  it.each([
    [
      "a token outside the table",
      ["exec", "--full-auto", "-"],
      /token "--full-auto" is not in the flag table/,
    ],
    [
      "a resume flag before resume",
      ["exec", "--last", "-"],
      /--last \(position resume\) appears on codex exec/,
    ],
    ["an argv for another command", ["review", "-"], /does not start with "exec"/],
    ["a stray positional", ["exec", "hello", "-"], /unexpected positional "hello"/],
  ])("refuses %s", (_name, argv, message) => {
    expect(() => unitsOfArgv(argv)).toThrow(message);
    expect(() => unitsOfArgv(argv)).toThrow(CoverageDerivationError);
  });

  it("refuses an intentional gap that the builder in fact emits", () => {
    expect(() =>
      deriveWrapperCoverage({
        generatedAt: "2026-11-21T00:00:00Z",
        wrapperVersion: "0.1.0",
        gaps: [{ path: ["exec"], key: "--json", note: "we never send it" }],
      }),
    ).toThrow(
      /flag --json on codex exec is listed as intentionally unsupported, but the builder emits it/,
    );
  });
});

describe("checkWrapperCoverage", () => {
  const exclusions = new Exclusions([
    { unit: "flag", path: [], key: "--search", category: "interactive-option", note: "UI only" },
    { unit: "command", path: ["resume"], category: "interactive-session", note: "UI picker" },
    { unit: "arg", path: [], name: "PROMPT", category: "interactive-session", note: "UI prompt" },
  ]);
  const codes = (raw: unknown) =>
    checkWrapperCoverage(raw, exclusions).map((p) => `${p.code} ${p.pointer}`);

  it.each([
    ["an empty coverage", coverageOf([]), ["WRAPPER_COVERAGE_EMPTY /coverage"]],
    [
      "a scope field",
      {
        ...coverageOf([{ path: ["exec"], level: "explicit" }]),
        coverage: [{ path: ["exec"], level: "explicit", scope: { platforms: ["linux"] } }],
      },
      ["WRAPPER_SCOPE_FORBIDDEN /coverage/0/scope"],
    ],
    [
      "a free-text note on an explicit flag",
      coverageOf([
        {
          path: ["exec"],
          level: "explicit",
          flags: [{ key: "--json", level: "explicit", note: "always" }],
        },
      ]),
      ["WRAPPER_NOTE_POLICY /coverage/0/flags/0/note"],
    ],
    [
      "intentionally_unsupported without a note",
      coverageOf([{ path: ["exec"], level: "intentionally_unsupported" }]),
      ["WRAPPER_INTENTIONALLY_UNSUPPORTED_NOTE /coverage/0"],
    ],
    [
      "an excluded command",
      coverageOf([{ path: ["resume"], level: "explicit" }]),
      ["WRAPPER_EXCLUDED_IDENTITY /coverage/0"],
    ],
    [
      "an excluded root flag used on exec",
      coverageOf([
        { path: ["exec"], level: "explicit", flags: [{ key: "--search", level: "explicit" }] },
      ]),
      ["WRAPPER_EXCLUDED_IDENTITY /coverage/0/flags/0"],
    ],
    [
      "an excluded arg",
      coverageOf([{ path: [], level: "explicit", args: [{ name: "PROMPT", level: "explicit" }] }]),
      ["WRAPPER_EXCLUDED_IDENTITY /coverage/0/args/0"],
    ],
    [
      "a path twice",
      coverageOf([
        { path: ["exec"], level: "explicit" },
        { path: ["exec"], level: "explicit" },
      ]),
      ["WRAPPER_DUPLICATE /coverage/1"],
    ],
    [
      "unsorted entries",
      coverageOf([
        { path: ["exec"], level: "explicit" },
        { path: [], level: "explicit" },
      ]),
      ["WRAPPER_UNSORTED /coverage"],
    ],
    [
      "unsorted flags",
      coverageOf([
        {
          path: ["exec"],
          level: "explicit",
          flags: [
            { key: "--model", level: "explicit" },
            { key: "--json", level: "explicit" },
          ],
        },
      ]),
      ["WRAPPER_UNSORTED /coverage/0/flags"],
    ],
  ])("reports %s", (_name, raw, expected) => {
    expect(codes(raw)).toEqual(expected);
  });

  it("accepts the capability-guarded note and a rationale", () => {
    const ok = coverageOf([
      {
        path: ["exec"],
        level: "explicit",
        flags: [{ key: "--add-dir", level: "explicit", note: CAPABILITY_GUARDED_NOTE }],
      },
      { path: ["exec", "review"], level: "intentionally_unsupported", note: "not ours" },
    ]);
    expect(codes(ok)).toEqual([]);
  });
});

describe("the guard against shipping a removed flag", () => {
  const union = async (pointer: string) => {
    const version = parsePointer(await readFile(path.join(MANIFESTS, pointer), "utf8"));
    const file = path.join(MANIFESTS, "snapshots", version ?? "missing", "union.json");
    return parseArtifact(await readFile(file, "utf8"), file, UpstreamSnapshotUnionV2);
  };

  it("every identity the wrapper names exists in latest_validated's snapshot", async () => {
    expect(
      coverageNotUpstream(derive(), await union("latest_validated.txt"), { emittedOnly: false }),
    ).toEqual([]);
  });

  it("everything it sends without a probe exists in min_supported's snapshot", async () => {
    expect(
      coverageNotUpstream(derive(), await union("min_supported.txt"), { emittedOnly: true }),
    ).toEqual([]);
  });

  it("would catch --full-auto, which Codex removed", async () => {
    const withFullAuto = coverageOf([
      { path: ["exec"], level: "explicit", flags: [{ key: "--full-auto", level: "explicit" }] },
    ]);
    expect(
      coverageNotUpstream(withFullAuto, await union("latest_validated.txt"), {
        emittedOnly: false,
      }),
    ).toEqual([
      {
        pointer: "/coverage/0/flags/0",
        message:
          "codex exec --full-auto does not exist in Codex 0.171.0 (neither on the command nor on the root)",
      },
    ]);
  });
});

describe("ccw codex-parity wrapper-coverage", () => {
  it.each([
    ["missing", {}, "SOURCE_DATE_EPOCH is not set"],
    ["empty", { SOURCE_DATE_EPOCH: "" }, "SOURCE_DATE_EPOCH is not set"],
    [
      "a date",
      { SOURCE_DATE_EPOCH: "2026-11-21" },
      'SOURCE_DATE_EPOCH must be integer seconds since 1970, found "2026-11-21"',
    ],
    [
      "a fraction",
      { SOURCE_DATE_EPOCH: "1795219200.5" },
      "SOURCE_DATE_EPOCH must be integer seconds",
    ],
    ["negative", { SOURCE_DATE_EPOCH: "-1" }, "SOURCE_DATE_EPOCH must be integer seconds"],
  ])("requires SOURCE_DATE_EPOCH (%s → exit 2, nothing written)", async (_name, env, message) => {
    const out = path.join(await tempDir(), "wrapper_coverage.json");
    const result = await runCli(["codex-parity", "wrapper-coverage", "--out", out], {
      env,
      cwd: REPO,
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`ccw: error: ${message}`);
    await expect(readFile(out, "utf8")).rejects.toThrow(/ENOENT/);
  });

  it("writes byte-identical files on two runs, equal to the committed manifest", async () => {
    const dir = await tempDir();
    const texts: string[] = [];
    for (const name of ["one.json", "two.json"]) {
      const out = path.join(dir, name);
      const result = await runCli(["codex-parity", "wrapper-coverage", "--out", out], {
        env: { SOURCE_DATE_EPOCH: EPOCH },
        cwd: REPO,
      });
      expect(result).toMatchObject({ code: 0, stderr: "" });
      texts.push(await readFile(out, "utf8"));
    }
    expect(texts[0]).toBe(texts[1]);
    expect(texts[0]).toBe(await readFile(COMMITTED, "utf8"));
    expect(texts[0]).toBe(toJsonText(JSON.parse(texts[0] ?? "")));
  });

  it("sets generated_at from the epoch and wrapper_version from package.json", async () => {
    const out = path.join(await tempDir(), "w.json");
    await runCli(["codex-parity", "wrapper-coverage", "--out", out], {
      env: { SOURCE_DATE_EPOCH: "0" },
      cwd: REPO,
    });
    const written = parseArtifact(await readFile(out, "utf8"), out, WrapperCoverageV1);
    const pkg = JSON.parse(await readFile(path.join(REPO, "package.json"), "utf8")) as {
      version: string;
    };
    expect(written.generated_at).toBe("1970-01-01T00:00:00Z");
    expect(written.wrapper_version).toBe(pkg.version);
  });

  it("refuses to write a manifest that holds an excluded identity", async () => {
    const dir = await tempDir();
    const rules = JSON.parse(await readFile(path.join(MANIFESTS, "RULES.json"), "utf8"));
    rules.parity_exclusions.units.push({
      unit: "flag",
      path: ["exec"],
      key: "--json",
      category: "test",
      note: "pretend --json is interactive",
    });
    const rulesFile = path.join(dir, "RULES.json");
    await writeFile(rulesFile, JSON.stringify(rules));
    const out = path.join(dir, "w.json");
    const result = await runCli(
      ["codex-parity", "wrapper-coverage", "--out", out, "--rules", rulesFile],
      { env: { SOURCE_DATE_EPOCH: EPOCH }, cwd: REPO },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("breaks the v1 policy; nothing was written");
    expect(result.stderr).toContain(
      "WRAPPER_EXCLUDED_IDENTITY /coverage/1/flags/9: flag --json on codex exec is excluded from parity (test)",
    );
    await expect(readFile(out, "utf8")).rejects.toThrow(/ENOENT/);
  });
});
