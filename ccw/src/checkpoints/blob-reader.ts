/** Reads many blobs with one `git cat-file --batch`. */
import { GitCommandError, gitOutput } from "./git-exec.js";
import { type CheckpointRepo, repoCall } from "./repository.js";

/** Parses `git cat-file --batch` output into the content of each requested object. */
export function parseBatch(output: Buffer, oids: readonly string[]): Map<string, Buffer> {
  const blobs = new Map<string, Buffer>();
  let at = 0;
  for (const oid of oids) {
    const end = output.indexOf(0x0a, at);
    if (end < 0) throw new GitCommandError(`git cat-file: the output ended before ${oid}`);
    const header = output.subarray(at, end).toString("utf8");
    const [found, type, size] = header.split(" ");
    if (found !== oid || type === undefined || size === undefined || type === "missing") {
      throw new GitCommandError(`git cat-file: object ${oid} is missing from the repository`);
    }
    const length = Number(size);
    blobs.set(oid, output.subarray(end + 1, end + 1 + length));
    at = end + 1 + length + 1;
  }
  return blobs;
}

/** The content of each blob in `oids`. */
export async function readBlobs(
  repo: CheckpointRepo,
  oids: readonly string[],
): Promise<Map<string, Buffer>> {
  const unique = [...new Set(oids)];
  if (unique.length === 0) return new Map();
  const output = await gitOutput([...repo.gitArgs, "cat-file", "--batch"], {
    ...repoCall(repo),
    input: `${unique.join("\n")}\n`,
    timeoutMs: 600_000,
  });
  return parseBatch(output, unique);
}
