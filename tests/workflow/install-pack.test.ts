import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { applyInstall, planInstall, refusesAny } from "../../ccw/src/workflow/install-pack.js";
import type { PackFile } from "../../ccw/src/workflow/pack.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "ccw-install-pack-"));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const file = (name: string, state: PackFile["state"], content = "new\n"): PackFile => ({
  part: "codex",
  name,
  source: `/pack/${name}`,
  target: path.join(dir, "prompts", name),
  content,
  installed: state === "missing" ? undefined : state === "identical" ? content : "old\n",
  state,
});

describe("planInstall", () => {
  it.each([
    [false, ["install", "skip", "refuse"]],
    [true, ["install", "skip", "replace"]],
  ])("with force=%s", (force, actions) => {
    const steps = planInstall(
      [file("a.md", "missing"), file("b.md", "identical"), file("c.md", "differs")],
      { force },
    );
    expect(steps.map((step) => step.action)).toEqual(actions);
    expect(refusesAny(steps)).toBe(!force);
  });
});

describe("applyInstall", () => {
  it("backs up each replaced file under a name with the time, never overwriting an older backup", async () => {
    const now = () => new Date("2026-11-21T14:30:25.123Z");
    await applyInstall(planInstall([file("a.md", "missing", "old\n")], {}));
    const replace = planInstall([file("a.md", "differs")], { force: true });
    const [first] = await applyInstall(replace, { now });
    await writeFile(path.join(dir, "prompts", "a.md"), "edited again\n");
    const [second] = await applyInstall(replace, { now });
    expect(first?.backup).toBe(path.join(dir, "prompts", "a.md.20261121-143025.bak"));
    expect(second?.backup).toBe(path.join(dir, "prompts", "a.md.20261121-143025-2.bak"));
    expect((await readdir(path.join(dir, "prompts"))).sort()).toEqual([
      "a.md",
      "a.md.20261121-143025-2.bak",
      "a.md.20261121-143025.bak",
    ]);
    expect(await readFile(path.join(dir, "prompts", "a.md.20261121-143025.bak"), "utf8")).toBe(
      "old\n",
    );
    expect(await readFile(path.join(dir, "prompts", "a.md.20261121-143025-2.bak"), "utf8")).toBe(
      "edited again\n",
    );
    expect(await readFile(path.join(dir, "prompts", "a.md"), "utf8")).toBe("new\n");
  });

  it("will not run a plan that refuses a file", async () => {
    await expect(applyInstall(planInstall([file("a.md", "differs")], {}))).rejects.toThrow(
      /refuses/,
    );
  });
});
