/**
 * Commands run between chains must not slow down with every session ever run. `ccw coordinator
 * list` (the newest 20, its default) and `status --last` in a workspace of 1,000 sessions vs
 * one of 10 (targets: at most 2x and 1.1x); `list --all` for information (it reads every
 * state.json, in parallel). The sessions are copies of one real completed 4-step session
 * (bench/session-fixture.ts).
 */
import path from "node:path";
import { type BenchSuite, benchEnv, command, comparePaired } from "../kit.js";
import { templateSession, writeSessions } from "../session-fixture.js";

export const suite: BenchSuite = {
  name: "sessions",
  async run({ root, workDir, runs, log }) {
    const template = templateSession(root, workDir);
    const small = path.join(workDir, "sessions-10");
    const large = path.join(workDir, "sessions-1000");
    writeSessions(template, small, 10);
    writeSessions(template, large, 1000);
    const ccw = path.join(root, "ccw", "bin", "ccw.js");
    const env = benchEnv({ NO_COLOR: "1" });
    const side = (label: string, cwd: string, args: string[]) =>
      command(label, process.execPath, [ccw, "coordinator", ...args], { cwd, env });
    const rows = [
      { id: "list-1000-vs-10", args: ["list"], target: 2, what: "list (the newest 20)" },
      {
        id: "status-last-1000-vs-10",
        args: ["status", "--last"],
        target: 1.1,
        what: "status --last",
      },
      { id: "list-all-1000-vs-10", args: ["list", "--all"], target: undefined, what: "list --all" },
    ];
    const results = [];
    for (const row of rows) {
      log(`${row.args.join(" ")}: 1,000 sessions vs 10`);
      results.push(
        await comparePaired({
          id: row.id,
          what: `${row.what} in a workspace of 1,000 sessions vs one of 10`,
          baseline: side(`ccw coordinator ${row.args.join(" ")} (10 sessions)`, small, row.args),
          subject: side(`ccw coordinator ${row.args.join(" ")} (1,000 sessions)`, large, row.args),
          runs: row.target === undefined ? Math.max(3, Math.floor(runs / 2)) : runs,
          ...(row.target === undefined ? {} : { targetMax: row.target }),
        }),
      );
    }
    return results;
  },
};
