import { execFile, spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { bundleGraph } from "../helpers/bundle-graph.js";
import { HOOK_FIXTURES } from "./fixture-workspace.js";

const root = fileURLToPath(new URL("../../", import.meta.url));

/** The source files and packages that end up in ccw/dist/hook.cjs, bundled as scripts/build.mjs does. */
const bundledInputs = () => bundleGraph("ccw/src/hook/fast-entry.ts");

describe("the hook fast path bundle", () => {
  it("holds only node built-ins, the hook's own small modules and zod/mini", async () => {
    const { inputs } = await bundledInputs();
    const allowed = [
      /^ccw\/src\/hook\/(fast-entry|parse-status|statusline|session-context|read-status|status-path|status-summary|status-issues|status-schema|legacy-status|hook-input|hook-outcome)\.ts$/,
      // The status vocabulary and status.json's shape, shared with the coordinator.
      /^ccw\/src\/session\/status\.ts$/,
      // The index of unfinished sessions: its name and its reader (node:path only).
      /^ccw\/src\/session\/unfinished-index\.ts$/,
      /^ccw\/src\/lib\/json\/json-checks\.ts$/,
      /^ccw\/src\/(output|errors)\.ts$/,
      // Reads a status file without blocking on a named pipe (node built-ins only).
      /^ccw\/src\/lib\/fs\/regular-file\.ts$/,
      /^node_modules\/zod\/(mini\/|v4\/mini\/|v4\/core\/(?!.*locales))/,
      // An empty wrapper: zod/mini's core names the locales module, none of them is bundled.
      /^node_modules\/zod\/v4\/locales\/index\.js$/,
    ];
    const unexpected = inputs.filter((file) => !allowed.some((pattern) => pattern.test(file)));
    expect(unexpected).toEqual([]);
    expect(inputs).toContain("ccw/src/hook/fast-entry.ts");
  });

  it("loads zod only to describe a broken status file", async () => {
    const { inputs, eager } = await bundledInputs();
    expect(inputs).toContain("ccw/src/hook/status-issues.ts");
    expect(eager.filter((file) => /zod|status-issues|status-schema/.test(file))).toEqual([]);
    expect(eager).toContain("ccw/src/hook/read-status.ts");
  });

  it("does not pull in commander, yaml, classic zod, zod's locales or the file writer", async () => {
    const { inputs, bytes } = await bundledInputs();
    const heavy = inputs.filter((file) =>
      /node_modules\/(commander|yaml|chokidar|diff|@inquirer)\/|zod\/v4\/classic|zod\/v4\/locales\/(?!index\.js)|ccw\/src\/(cli|commands\/|lib\/fs\/atomic-file)/.test(
        file,
      ),
    );
    expect(heavy).toEqual([]);
    // Well under the ~600 kB that classic zod with its locales would add.
    expect(bytes).toBeLessThan(120_000);
  });

  it("reads the hook JSON and the status-line JSON from a real pipe", async () => {
    const fixture = await import("./fixture-workspace.js");
    const { dir, cleanup } = await fixture.tempDir();
    try {
      const file = await fixture.placeFixture(dir, "codex-status.json", {
        folder: ".codex-coordinator",
        session: "codex-coord-20261121-143025-7f3a",
        name: "status.json",
      });
      const hook = spawnSync(
        process.execPath,
        [path.join(root, "ccw/bin/ccw.js"), "hook", "parse-status", "--stdin"],
        { input: JSON.stringify({ cwd: dir, tool_input: { file_path: file } }), encoding: "utf8" },
      );
      expect(hook).toMatchObject({
        status: 0,
        stdout:
          "CCW Status [codex-coord-20261121-143025-7f3a] (codex-coordinator): running 1/2 execute\n",
        stderr: "",
      });
      const line = spawnSync(
        process.execPath,
        [path.join(root, "ccw/bin/ccw.js"), "hook", "statusline"],
        {
          input: JSON.stringify({ cwd: dir, workspace: { current_dir: dir } }),
          encoding: "utf8",
        },
      );
      expect(line).toMatchObject({
        status: 0,
        stdout: "CCW codex-coord-20261121-143025-7f3a: running 1/2 execute\n",
        stderr: "",
      });
    } finally {
      await cleanup();
    }
  });

  it("is what `ccw hook parse-status` runs from the built package", async () => {
    const status = path.join(HOOK_FIXTURES, "codex-status.json");
    // The bin takes the fast path for parse-status; the file must sit in a session folder.
    const run = promisify(execFile);
    const fixture = await import("./fixture-workspace.js");
    const { dir, cleanup } = await fixture.tempDir();
    try {
      const file = await fixture.placeFixture(dir, path.basename(status), {
        folder: ".codex-coordinator",
        session: "s1",
        name: "status.json",
      });
      const { stdout } = await run(process.execPath, [
        path.join(root, "ccw/bin/ccw.js"),
        "hook",
        "parse-status",
        "--path",
        file,
      ]);
      expect(stdout).toBe(
        "CCW Status [codex-coord-20261121-143025-7f3a] (codex-coordinator): running 1/2 execute\n",
      );
    } finally {
      await cleanup();
    }
  });
});
