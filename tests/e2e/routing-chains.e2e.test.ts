/**
 * One chain per task type of issue #18 (review, test, docs), routed from an everyday intent with
 * `--yes` and run by the real Codex against the scripted model server. The scripted model plays
 * the part of the model: it runs the commands a model following the prompt would run.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli-context.js";
import type { CodexE2E } from "../helpers/codex-e2e.js";
import {
  readState,
  sessionFolder,
  sessionIdIn,
  startCoordinatorE2E,
  stepRule,
} from "../helpers/coordinator-e2e.js";
import { DocsReport, Review, TestsReport } from "../prompt-pack/artifact-shapes.js";

let world: CodexE2E | undefined;
afterEach(async () => {
  await world?.close();
  world = undefined;
});

/** Every file and folder under `root` except the session folders: path → mode and content hash. */
function snapshot(root: string, skip: readonly string[] = [".workflow"]): Map<string, string> {
  const result = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      const rel = path.relative(root, full);
      if (skip.includes(rel)) continue;
      const stat = statSync(full);
      if (stat.isDirectory()) {
        result.set(`${rel}/`, stat.mode.toString(8));
        walk(full);
      } else {
        const hash = createHash("sha256").update(readFileSync(full)).digest("hex");
        result.set(rel, `${stat.mode.toString(8)} ${hash}`);
      }
    }
  };
  walk(root);
  return result;
}

const git = (cwd: string, ...args: string[]) =>
  execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], {
    cwd,
    encoding: "utf8",
  });

/** Writes `files` into `dir` (creating folders). */
function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
}

/** Runs `ccw coordinator codex <intent> --yes` in the world and returns the session. */
async function runIntent(e2e: CodexE2E, intent: string) {
  const result = await runCli(["coordinator", "codex", intent, "--yes", "--codex-bin", e2e.bin], {
    cwd: e2e.workspace,
    env: e2e.env,
  });
  expect(result.stderr).not.toMatch(/error/i);
  expect(result.code).toBe(0);
  const id = sessionIdIn(result.stdout);
  return { id, stdout: result.stdout, state: readState(e2e.workspace, id) };
}

const ROUTER_V1 = "export const routes = ['/users/me', '/users/*'];\n";
const ROUTER_V2 = "export const routes = ['/users/*', '/users/me'];\n";

const REVIEW = {
  schema: "ccw-review/1",
  producer: "review",
  task: "Can you take a look at the changes in src/router.ts and tell me what's wrong?",
  depth: "standard",
  target: { kind: "working-tree", ref: "git diff HEAD", files: ["src/router.ts"] },
  verdict: "request-changes",
  summary: "The wildcard route now comes first, so it shadows /users/me.",
  findings: [
    {
      id: "F1",
      title: "Wildcard route registered before the specific route",
      file: "src/router.ts",
      line: 1,
      severity: "high",
      category: "correctness",
      confidence: "high",
      evidence: "'/users/*' precedes '/users/me' in routes; the first match wins.",
      suggested_fix: "Put '/users/me' before '/users/*'.",
    },
  ],
  checks: [],
  not_reviewed: [],
};

describe("routed chains with the real Codex", () => {
  it("review: a request to look runs the read-only review and leaves the workspace byte for byte unchanged", async () => {
    world = await startCoordinatorE2E({
      rules: [
        stepRule(
          "01-review",
          // What a reviewer runs: read the diff and the file, write the review into its folder.
          `git diff HEAD && cat src/router.ts && git status --porcelain && cp ../fixtures/review.json {{1}}/review.json && printf '# Review: src/router.ts\\nVerdict: request-changes\\n' > {{1}}/review.md`,
          "STATUS: ok\nrequest-changes: 1 high finding (the wildcard route shadows /users/me).",
        ),
      ],
    });
    const fixtures = path.join(world.root, "fixtures");
    writeFiles(fixtures, { "review.json": `${JSON.stringify(REVIEW, null, 2)}\n` });
    const ws = world.workspace;
    writeFiles(ws, { "src/router.ts": ROUTER_V1, "README.md": "# app\n" });
    git(ws, "init", "-q");
    git(ws, "add", ".");
    git(ws, "commit", "-q", "-m", "first");
    writeFiles(ws, { "src/router.ts": ROUTER_V2, "notes.txt": "untracked work in progress\n" });
    const before = snapshot(ws, [".workflow", ".git"]);
    const statusBefore = git(ws, "status", "--porcelain");
    const headBefore = git(ws, "rev-parse", "HEAD");

    const { id, stdout, state } = await runIntent(world, REVIEW.task);

    expect(state.analysis).toMatchObject({ task_type: "review" });
    expect(stdout).toContain("intent →【review】→ review");
    expect(state.status).toBe("completed");
    expect(state.command_chain.map((step) => [step.command, step.status])).toEqual([
      ["review", "completed"],
    ]);
    const artifacts = path.join(sessionFolder(ws, id), "steps", "01-review", "artifacts");
    const review = Review.parse(
      JSON.parse(readFileSync(path.join(artifacts, "review.json"), "utf8")),
    );
    expect(review.findings[0]).toMatchObject({ file: "src/router.ts", line: 1, severity: "high" });
    const prompt = readFileSync(
      path.join(sessionFolder(ws, id), "steps", "01-review", "prompt.md"),
      "utf8",
    );
    expect(prompt).toContain("Read-only: do not modify, create, delete, rename, format or stage");

    // Byte for byte: every file and folder outside .workflow/ and .git/, and git's own view.
    expect(snapshot(ws, [".workflow", ".git"])).toEqual(before);
    // The sessions folder ignores itself (its own .gitignore): git sees no change at all.
    expect(git(ws, "status", "--porcelain")).toBe(statusBefore);
    expect(git(ws, "rev-parse", "HEAD")).toBe(headBefore);
    expect(readdirSync(ws).sort()).toEqual([".git", ".workflow", "README.md", "notes.txt", "src"]);
  });

  it("review-and-fix: the review's findings become a plan that execute applies", async () => {
    const plan = {
      schema: "ccw-plan/1",
      producer: "review-fix",
      task: REVIEW.task,
      summary: "Fix F1: put the specific route first.",
      depth: "standard",
      assumptions: ["The task names no findings: kept high findings with high confidence."],
      context: [{ path: "src/router.ts", note: "the route table" }],
      steps: [
        {
          id: "S1",
          title: "F1: register the specific route first",
          files: ["src/router.ts"],
          actions: ["Put '/users/me' before '/users/*'"],
          depends_on: [],
          verification: [{ kind: "inspect", target: "src/router.ts", expect: "'/users/me' first" }],
        },
      ],
      checks: [],
      risks: [],
      out_of_scope: [],
    };
    world = await startCoordinatorE2E({
      rules: [
        stepRule(
          "03-execute",
          "test -s {{1}}/../../02-review-fix/artifacts/plan.json && cp ../fixtures/router.ts src/router.ts",
          "STATUS: ok\nS1 done: the specific route comes first.",
          [
            { file: "execution.json", sample: "ccw-execution/1" },
            { file: "summary.md", content: "# Summary\n" },
          ],
        ),
        stepRule(
          "02-review-fix",
          "test -s {{1}}/../../01-review/artifacts/review.json && cp ../fixtures/plan.json {{1}}/plan.json && printf '# Fix plan\\nKept F1.\\n' > {{1}}/plan.md",
          "STATUS: ok\nKept 1 finding (F1), dropped none.",
        ),
        stepRule(
          "01-review",
          "cp ../fixtures/review.json {{1}}/review.json && printf '# Review\\n' > {{1}}/review.md",
          "STATUS: ok\nrequest-changes: 1 high finding.",
        ),
      ],
    });
    writeFiles(path.join(world.root, "fixtures"), {
      "review.json": JSON.stringify(REVIEW),
      "plan.json": JSON.stringify(plan),
      "router.ts": ROUTER_V1,
    });
    const ws = world.workspace;
    writeFiles(ws, { "src/router.ts": ROUTER_V2 });
    const result = await runCli(
      [
        "coordinator",
        "codex",
        REVIEW.task,
        "--chain",
        "review-and-fix",
        "--yes",
        "--codex-bin",
        world.bin,
      ],
      { cwd: ws, env: world.env },
    );
    expect(result.code).toBe(0);
    const state = readState(ws, sessionIdIn(result.stdout));
    expect(state.command_chain.map((step) => [step.command, step.status])).toEqual([
      ["review", "completed"],
      ["review-fix", "completed"],
      ["execute", "completed"],
    ]);
    expect(readFileSync(path.join(ws, "src", "router.ts"), "utf8")).toBe(ROUTER_V1);
  });

  it("test: a request for unit tests runs write-tests; the tests it writes pass against the code", async () => {
    const tests = {
      schema: "ccw-tests/1",
      task: "Write unit tests for src/date.js",
      depth: "standard",
      scope: ["src/date.js"],
      framework: { name: "node:test", command: "node tests/date.test.mjs" },
      gaps: [
        {
          id: "G1",
          target: "isoDay()",
          path: "src/date.js",
          line: 1,
          reason: "no test calls it",
          covered: true,
        },
      ],
      tests_written: [{ path: "tests/date.test.mjs", change: "added", cases: 2, covers: ["G1"] }],
      runs: [
        {
          step: null,
          kind: "command",
          command: "node tests/date.test.mjs",
          result: "passed",
          exit_code: 0,
        },
      ],
      bugs_found: [],
      status: "completed",
      follow_ups: [],
    };
    world = await startCoordinatorE2E({
      rules: [
        stepRule(
          "01-write-tests",
          "mkdir -p tests && cp ../fixtures/date.test.mjs tests/date.test.mjs && node tests/date.test.mjs > {{1}}/run.log 2>&1 && cp ../fixtures/tests.json {{1}}/tests.json && printf '# Tests\\nAdded tests/date.test.mjs (2 cases, passing).\\n' > {{1}}/summary.md",
          "STATUS: ok\n1 gap found and covered: tests/date.test.mjs, 2 cases, passing.",
        ),
      ],
    });
    const ws = world.workspace;
    writeFiles(path.join(world.root, "fixtures"), {
      "tests.json": JSON.stringify(tests),
      "date.test.mjs": [
        'import { test } from "node:test";',
        'import assert from "node:assert/strict";',
        'import { isoDay } from "../src/date.js";',
        'test("isoDay formats a date", () => assert.equal(isoDay(new Date(Date.UTC(2026, 0, 2))), "2026-01-02"));',
        'test("isoDay rejects an invalid date", () => assert.throws(() => isoDay(new Date("x"))));',
        "",
      ].join("\n"),
    });
    writeFiles(ws, {
      "package.json": '{ "type": "module" }\n',
      "src/date.js": "export const isoDay = (date) => date.toISOString().slice(0, 10);\n",
    });
    const before = snapshot(ws);

    const { id, stdout, state } = await runIntent(world, tests.task);

    expect(state.analysis).toMatchObject({ task_type: "test" });
    expect(stdout).toContain("intent →【write-tests】→ tests");
    expect(state.status).toBe("completed");
    const artifacts = path.join(sessionFolder(ws, id), "steps", "01-write-tests", "artifacts");
    expect(
      TestsReport.parse(JSON.parse(readFileSync(path.join(artifacts, "tests.json"), "utf8")))
        .status,
    ).toBe("completed");
    // The tests really ran inside Codex's sandbox, and passed against the code as it is.
    expect(readFileSync(path.join(artifacts, "run.log"), "utf8")).toMatch(/# pass 2/);
    const after = snapshot(ws);
    const changed = [...after.keys()].filter((key) => after.get(key) !== before.get(key));
    expect(changed).toEqual(["tests/", "tests/date.test.mjs"]);
    const prompt = readFileSync(
      path.join(sessionFolder(ws, id), "steps", "01-write-tests", "prompt.md"),
      "utf8",
    );
    expect(prompt).toContain("Change only test files");
  });

  it("docs: a request to update the README runs write-docs, which changes only documentation", async () => {
    const docs = {
      schema: "ccw-docs/1",
      task: "Update the README with the new install steps",
      depth: "standard",
      scope: ["package.json"],
      changes: [
        {
          path: "README.md",
          change: "modified",
          kind: "readme",
          sections: ["Install"],
          sources: [{ path: "package.json", line: 1, note: "bin: mytool" }],
        },
      ],
      checks: [],
      left_out: [],
      status: "completed",
    };
    world = await startCoordinatorE2E({
      rules: [
        stepRule(
          "01-write-docs",
          "printf '\\n## Install\\n\\n    npm install -g mytool\\n' >> README.md && cp ../fixtures/docs.json {{1}}/docs.json && printf '# Docs\\nREADME.md: Install section.\\n' > {{1}}/summary.md",
          "STATUS: ok\nAdded an Install section to README.md, from package.json.",
        ),
      ],
    });
    const ws = world.workspace;
    writeFiles(path.join(world.root, "fixtures"), { "docs.json": JSON.stringify(docs) });
    writeFiles(ws, {
      "package.json": '{ "name": "mytool", "bin": { "mytool": "cli.js" } }\n',
      "cli.js": "console.log('hi');\n",
      "README.md": "# mytool\n",
    });
    const before = snapshot(ws);

    const { id, stdout, state } = await runIntent(world, docs.task);

    expect(state.analysis).toMatchObject({ task_type: "docs" });
    expect(stdout).toContain("intent →【write-docs】→ docs");
    expect(state.status).toBe("completed");
    const artifacts = path.join(sessionFolder(ws, id), "steps", "01-write-docs", "artifacts");
    expect(
      DocsReport.parse(JSON.parse(readFileSync(path.join(artifacts, "docs.json"), "utf8"))).changes,
    ).toHaveLength(1);
    const after = snapshot(ws);
    const changed = [...after.keys()].filter((key) => after.get(key) !== before.get(key));
    expect(changed).toEqual(["README.md"]);
    expect(readFileSync(path.join(ws, "README.md"), "utf8")).toContain("## Install");
    const prompt = readFileSync(
      path.join(sessionFolder(ws, id), "steps", "01-write-docs", "prompt.md"),
      "utf8",
    );
    expect(prompt).toContain("Never invent behaviour");
  });
});
