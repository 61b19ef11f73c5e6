/**
 * For fake Codex runs in tests: writes what the expanded prompt's Writes section declares
 * "on success" or "always", JSON files as the model server's sample of their shape, the way a
 * model that keeps its contract would.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { artifactSample } from "../../ccw/src/dev/model-server/artifact-samples.js";
import { isArtifactShapeName } from "../../ccw/src/tools/registry/artifact-shape-names.js";

/** Writes the declared artifacts of `prompt` (an expanded prompt, with absolute paths). */
export function writeDeclaredArtifacts(prompt: string | Uint8Array): string[] {
  const text = typeof prompt === "string" ? prompt : Buffer.from(prompt).toString("utf8");
  const writes = /^## Writes\n([\s\S]*?)(?=^## )/m.exec(text)?.[1] ?? "";
  const written: string[] = [];
  for (const line of writes.split("\n")) {
    const file = /^- `(\/[^`<>]+)` — (on success|always)\./.exec(line)?.[1];
    if (file === undefined) continue;
    const shape = /shape `([^`]+)`/.exec(line)?.[1];
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(
      file,
      shape !== undefined && isArtifactShapeName(shape) ? artifactSample(shape) : "# done\n",
    );
    written.push(file);
  }
  return written;
}
