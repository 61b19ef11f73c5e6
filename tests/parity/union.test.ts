import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { toJsonText } from "../../ccw/src/parity/json-text.js";
import { parseArtifact } from "../../ccw/src/parity/manifest-layout.js";
import { UpstreamSnapshotV1 } from "../../ccw/src/parity/schemas.js";
import { buildUnion } from "../../ccw/src/parity/union.js";
import { LINUX, MANIFESTS, NEW, OLD } from "./fixtures.js";
import { arg, flag, rulesWith, snapshotOf } from "./synthetic.js";

const MAC = "aarch64-apple-darwin";
const WINDOWS = "x86_64-pc-windows-msvc";

describe("buildUnion", () => {
  it.each([OLD, NEW])("reproduces the committed union of %s byte for byte", async (version) => {
    const file = path.join(MANIFESTS, "snapshots", version, `${LINUX}.json`);
    const snapshot = parseArtifact(await readFile(file, "utf8"), file, UpstreamSnapshotV1);
    const committed = await readFile(
      path.join(MANIFESTS, "snapshots", version, "union.json"),
      "utf8",
    );
    expect(toJsonText(buildUnion([snapshot], rulesWith()))).toBe(committed);
  });

  it("keeps flags a subcommand repeats from the root only at the root", async () => {
    const union = JSON.parse(
      await readFile(path.join(MANIFESTS, "snapshots", NEW, "union.json"), "utf8"),
    );
    const keysOf = (p: string[]) =>
      union.commands
        .find((c: { path: string[] }) => c.path.join(" ") === p.join(" "))
        .flags.map((f: { key: string }) => f.key);
    expect(keysOf([])).toContain("--model");
    expect(keysOf(["exec"])).not.toContain("--model");
    expect(keysOf(["exec"])).toContain("--json");
    expect(keysOf(["exec", "resume"])).toEqual(expect.arrayContaining(["--last", "--json"]));
  });

  it("merges targets: availability, conflicts, incompleteness", () => {
    const linux = snapshotOf(LINUX, [
      { path: [], flags: [flag("--model=MODEL"), flag("--help")] },
      {
        path: ["exec"],
        about: "Run Codex",
        flags: [flag("--json"), flag("--model=MODEL"), flag("--color=COLOR")],
        args: [arg("PROMPT")],
      },
      { path: ["sandbox", "linux"], args: [arg("COMMAND")] },
    ]);
    const mac = snapshotOf(
      MAC,
      [
        { path: [], flags: [flag("--model=MODEL"), flag("--help")] },
        {
          path: ["exec"],
          about: "Run Codex non-interactively",
          flags: [flag("--json"), flag("--color=WHEN")],
          args: [arg("PROMPT")],
        },
        { path: ["sandbox", "macos"], args: [arg("COMMAND")] },
      ],
      "1.0.0",
      "2026-02-01T00:00:00Z",
    );
    const union = buildUnion([mac, linux], rulesWith());
    expect(union.complete).toBe(false);
    expect(union.missing_targets).toEqual([WINDOWS]);
    expect(union.collected_at).toBe("2026-02-01T00:00:00Z");
    expect(union.inputs.map((input) => input.target_triple)).toEqual([LINUX, MAC]);
    expect(union.commands.map((c) => [c.path.join(" "), c.available_on])).toEqual([
      ["", [LINUX, MAC]],
      ["exec", [LINUX, MAC]],
      ["sandbox linux", [LINUX]],
      ["sandbox macos", [MAC]],
    ]);
    const exec = union.commands[1];
    expect(exec?.about).toBe("Run Codex");
    expect(exec?.flags?.map((f) => [f.key, f.available_on])).toEqual([
      ["--color", [LINUX, MAC]],
      ["--json", [LINUX, MAC]],
    ]);
    expect(exec?.conflicts).toEqual([
      {
        unit: "command",
        path: ["exec"],
        field: "about",
        values_by_target: { [LINUX]: "Run Codex", [MAC]: "Run Codex non-interactively" },
      },
      {
        unit: "flag",
        path: ["exec"],
        key: "--color",
        field: "value_name",
        values_by_target: { [LINUX]: "COLOR", [MAC]: "WHEN" },
      },
    ]);
  });

  it("is complete when every expected target is there", () => {
    const commands = [{ path: [] }];
    const union = buildUnion(
      [snapshotOf(WINDOWS, commands), snapshotOf(LINUX, commands), snapshotOf(MAC, commands)],
      rulesWith(),
    );
    expect(union.complete).toBe(true);
    expect(union.missing_targets).toBeUndefined();
    expect(union.inputs.map((input) => input.target_triple)).toEqual([LINUX, MAC, WINDOWS]);
  });

  it.each([
    ["no snapshot", [], /no per-target snapshots/],
    [
      "the required target missing",
      [snapshotOf(MAC, [{ path: [] }])],
      /needs the required target x86_64-unknown-linux-musl/,
    ],
    [
      "two versions",
      [snapshotOf(LINUX, [{ path: [] }]), snapshotOf(MAC, [{ path: [] }], "1.0.1")],
      /different Codex versions/,
    ],
    [
      "an unexpected target",
      [snapshotOf("riscv64-unknown-linux-gnu", [{ path: [] }])],
      /not in RULES.json targets.expected/,
    ],
    [
      "a target twice",
      [snapshotOf(LINUX, [{ path: [] }]), snapshotOf(LINUX, [{ path: [] }])],
      /two snapshots/,
    ],
  ])("refuses %s", (_name, snapshots, message) => {
    expect(() => buildUnion(snapshots, rulesWith())).toThrow(message);
  });
});
