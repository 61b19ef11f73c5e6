/**
 * Checkpoints in a large repository: a 10,000-file git repository (built here) with a few files
 * changed before each run. A step's checkpoint (snapshot through the session's index, commit
 * object, hidden ref) vs `git stash create` on the same tree (target: at most 2x), and vs a
 * budget of 300 ms (target: at most 1x). The first checkpoint of a session, which seeds its
 * index from the user's, is shown for information.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { checkpointIndexFile, locateRepo } from "../../ccw/src/checkpoints/repository.js";
import { setRef, stepRef, takeSnapshot } from "../../ccw/src/checkpoints/snapshot.js";
import {
  type BenchSuite,
  benchEnv,
  comparePaired,
  median,
  ratioResult,
  type Side,
} from "../kit.js";

const FILES = 10_000;
const BUDGET_MS = 300;

export const suite: BenchSuite = {
  name: "checkpoints",
  async run({ workDir, runs, log }) {
    const repoDir = path.join(workDir, "monorepo");
    const sessionDir = path.join(repoDir, ".workflow", ".codex-coordinator", "bench-session");
    const env = benchEnv({
      GIT_AUTHOR_NAME: "bench",
      GIT_AUTHOR_EMAIL: "bench@localhost",
      GIT_COMMITTER_NAME: "bench",
      GIT_COMMITTER_EMAIL: "bench@localhost",
    });
    const git = (...args: string[]) =>
      execFileSync("git", args, { cwd: repoDir, env, encoding: "utf8", maxBuffer: 1 << 26 });

    log(`building a ${FILES}-file repository`);
    for (let dir = 0; dir < FILES / 100; dir++) {
      const folder = path.join(repoDir, "packages", `pkg-${dir}`, "src");
      mkdirSync(folder, { recursive: true });
      for (let file = 0; file < 100; file++) {
        writeFileSync(
          path.join(folder, `module-${file}.ts`),
          `export const value${file} = ${dir * 100 + file};\n// ${"x".repeat(200)}\n`,
        );
      }
    }
    git("init", "-q", "-b", "main");
    git("add", "-A");
    git("commit", "-q", "-m", "10k files");
    mkdirSync(sessionDir, { recursive: true });

    // A few changes before every run on either side, so both hash new content each time.
    let round = 0;
    const change = () => {
      round++;
      for (let i = 0; i < 3; i++) {
        writeFileSync(
          path.join(repoDir, "packages", `pkg-${i * 7}`, "src", `module-${i}.ts`),
          `export const changed = ${round};\n`,
        );
      }
      writeFileSync(path.join(repoDir, "packages", "pkg-1", "src", "new-file.ts"), `${round}\n`);
    };
    const repo = await locateRepo({ workspace: repoDir, sessionDir, env, create: true });
    if (!repo) throw new Error("no repository");
    const indexFile = checkpointIndexFile(sessionDir);
    const checkpoint = async () => {
      const oid = await takeSnapshot(repo, indexFile, "bench checkpoint");
      await setRef(repo, stepRef("bench-session", 1, "after"), oid);
    };
    const stash: Side = {
      label: "git stash create",
      run: async () => {
        change();
        execFileSync("git", ["stash", "create"], { cwd: repoDir, env });
      },
    };
    const steady: Side = {
      label: "ccw checkpoint (session index warm)",
      run: async () => {
        change();
        await checkpoint();
      },
    };
    const first: Side = {
      label: "ccw first checkpoint of a session (index seeded)",
      run: async () => {
        change();
        rmSync(indexFile, { force: true });
        await checkpoint();
      },
    };

    log("checkpoint vs git stash create");
    const versusStash = await comparePaired({
      id: "checkpoint-vs-stash-create-10k",
      what: `a checkpoint of a ${FILES}-file repository with 4 files changed`,
      baseline: stash,
      subject: steady,
      runs,
      targetMax: 2,
    });

    log("checkpoint vs a 300 ms budget");
    const samples: number[] = [];
    for (let i = 0; i < runs; i++) {
      const start = process.hrtime.bigint();
      await steady.run();
      samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    const budget = ratioResult(
      {
        id: "checkpoint-10k-budget",
        what: `a checkpoint of a ${FILES}-file repository, against the fixed budget the feature sets`,
        baseline: `${BUDGET_MS} ms`,
        subject: steady,
        runs,
        targetMax: 1,
      },
      median(samples) / BUDGET_MS,
      Math.min(...samples) / BUDGET_MS,
      Math.max(...samples) / BUDGET_MS,
      { baseline: BUDGET_MS, subject: median(samples) },
    );

    log("first checkpoint of a session vs git stash create");
    const seeded = await comparePaired({
      id: "checkpoint-first-vs-stash-create-10k",
      what: `the first checkpoint of a session (copies the user's index) in a ${FILES}-file repository`,
      baseline: stash,
      subject: first,
      runs: Math.max(3, Math.floor(runs / 2)),
    });
    return [versusStash, budget, seeded];
  },
};
