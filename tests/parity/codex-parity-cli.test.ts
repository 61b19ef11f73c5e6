import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli-context.js";
import { copyOfManifests, EPOCH, LINUX, MANIFESTS, NEW, OLD, REPO } from "./fixtures.js";

const env = { SOURCE_DATE_EPOCH: EPOCH };
const parity = (args: string[], dir: string) =>
  runCli(["codex-parity", ...args, "--dir", dir], { env, cwd: REPO });

describe("ccw codex-parity union and report", () => {
  it.each([OLD, NEW])("regenerate the committed %s artifacts byte for byte", async (version) => {
    const dir = await copyOfManifests();
    await rm(path.join(dir, "snapshots", version, "union.json"));
    await rm(path.join(dir, "reports", version), { recursive: true });
    if (version === NEW) await rm(path.join(dir, "current.json"));

    const union = await parity(["union", "--version", version], dir);
    expect(union.code).toBe(0);
    expect(union.stdout).toContain(
      `union.json: ${version === NEW ? 74 : 49} commands from 1 target, incomplete (missing aarch64-apple-darwin, x86_64-pc-windows-msvc)`,
    );
    expect(union.stdout.includes("current.json updated")).toBe(version === NEW);

    const report = await parity(["report", "--version", version], dir);
    expect(report.code).toBe(0);
    expect(report.stdout.trim().split("\n")).toHaveLength(2);

    const same = async (file: string) =>
      expect(await readFile(path.join(dir, file), "utf8"), file).toBe(
        await readFile(path.join(MANIFESTS, file), "utf8"),
      );
    await same(`snapshots/${version}/union.json`);
    for (const name of await readdir(path.join(MANIFESTS, "reports", version)))
      await same(`reports/${version}/${name}`);
    if (version === NEW) await same("current.json");
    expect(await runCli(["codex-parity", "validate", "--dir", dir], { cwd: REPO })).toMatchObject({
      code: 0,
    });
  });

  it("says how to make a union that is missing", async () => {
    const dir = await copyOfManifests();
    await rm(path.join(dir, "snapshots", NEW, "union.json"));
    const result = await parity(["report", "--version", NEW], dir);
    expect(result.code).toBe(66);
    expect(result.stderr).toContain(
      `union.json does not exist\nCreate it with: ccw codex-parity union --version ${NEW}`,
    );
  });

  it("needs a per-target snapshot for a union", async () => {
    const dir = await copyOfManifests();
    await rm(path.join(dir, "snapshots", NEW, `${LINUX}.json`));
    const result = await parity(["union", "--version", NEW], dir);
    expect(result.code).toBe(66);
    expect(result.stderr).toContain(`no per-target snapshots of Codex ${NEW}`);
    expect(result.stderr).toContain(
      `Take one first: ccw codex-parity snapshot --codex-bin <codex> --out-file ${path.join(dir, "snapshots", NEW, `${LINUX}.json`)}`,
    );
  });

  it("refuses a version that is not one", async () => {
    const result = await parity(["union", "--version", "latest"], await copyOfManifests());
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      '--version must be a Codex version such as 0.169.0, got "latest"',
    );
  });

  it("refuses a rules file that breaks its schema", async () => {
    const dir = await copyOfManifests();
    const rules = JSON.parse(await readFile(path.join(dir, "RULES.json"), "utf8"));
    rules.wrapper_coverage.scope_fields = "allowed";
    await writeFile(path.join(dir, "RULES.json"), JSON.stringify(rules));
    const result = await parity(["report", "--version", NEW], dir);
    expect(result.code).toBe(65);
    expect(result.stderr).toContain(
      'RULES.json: /wrapper_coverage/scope_fields: Invalid input: expected "forbidden"',
    );
  });
});

describe("ccw codex-parity snapshot", () => {
  it("refuses a binary that does not exist", async () => {
    const dir = await copyOfManifests();
    const result = await runCli(
      [
        "codex-parity",
        "snapshot",
        "--codex-bin",
        path.join(dir, "no-codex"),
        "--out-file",
        path.join(dir, "s.json"),
      ],
      { env, cwd: REPO },
    );
    expect(result.code).toBe(127);
    expect(result.stderr).toContain("no-codex: ENOENT");
  });
});

describe("ccw codex-parity diff", () => {
  it(`shows what Codex changed between ${OLD} and ${NEW}: --full-auto removed, exec fork added`, async () => {
    const result = await runCli(["codex-parity", "diff", "--from", OLD, "--to", NEW], {
      cwd: REPO,
    });
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines[0]).toBe("- codex --full-auto");
    expect(lines).toContain("+ codex exec fork");
    expect(lines).toContain("+ codex --strict-config");
    expect(lines).not.toContain("- codex exec");
    expect(result.stderr).toMatch(/^Codex 0\.125\.0 → 0\.171\.0: \d+ removed, \d+ added\n$/);
  });

  it("prints JSON with --json, and names the step that makes a missing union", async () => {
    const json = await runCli(["codex-parity", "diff", "--from", NEW, "--to", OLD, "--json"], {
      cwd: REPO,
    });
    expect(JSON.parse(json.stdout)).toMatchObject({
      from: NEW,
      to: OLD,
      added: expect.arrayContaining([{ path: [], key: "--full-auto" }]),
    });
    const missing = await runCli(["codex-parity", "diff", "--from", "0.1.0", "--to", NEW], {
      cwd: REPO,
    });
    expect(missing.code).toBe(66);
    expect(missing.stderr).toContain("Create it with: ccw codex-parity union --version 0.1.0");
  });
});
