/** What the last contract check of a step found in one of its artifacts (verified steps). */
import { stepDirName } from "../coordinator/session-paths.js";
import type { SessionState } from "../session/state-schema.js";
import type { FileView } from "./api-types.js";

/**
 * The contract result for `relative` (a path in the session folder), when it is an artifact of a
 * step whose last contract check read it; undefined otherwise.
 */
export function artifactContract(
  state: SessionState,
  relative: string,
): FileView["contract"] | undefined {
  const match = /^steps\/([^/]+)\/artifacts\/(.+)$/.exec(relative);
  if (!match) return undefined;
  const [, folder, file] = match;
  const step = state.command_chain.find(
    (candidate) => stepDirName(candidate.index, candidate.command) === folder,
  );
  if (!step || file === undefined) return undefined;
  const attempts = state.execution_results.filter((record) => record.index === step.index);
  const checks = attempts.flatMap((record) => record.checks ?? []);
  const last = checks.filter((check) => check.kind === "contract").at(-1);
  if (!last) return undefined;
  const problems = last.problems.filter((problem) => problem.file === file);
  if (!last.checked.includes(file) && problems.length === 0) return undefined;
  return { outcome: problems.length > 0 ? "failed" : "passed", problems };
}
