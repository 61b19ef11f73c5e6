/**
 * The reads/writes check behind contracts.test.ts, as a pure function of the parsed pack and a
 * unit catalog, so the test can also feed it broken packs and see it complain.
 */
import type { UnitDefinition } from "../../ccw/src/coordinator/units.js";
import { type PackPrompt, relativeTo } from "./pack.js";

/** Every broken link between prompts, one message each; empty when the pack is consistent. */
export function checkArtifactContracts(
  pack: readonly PackPrompt[],
  units: readonly UnitDefinition[],
): string[] {
  const problems: string[] = [];
  const byName = new Map(pack.map((prompt) => [prompt.name, prompt]));

  // A file some step reads from its predecessor must be a file some prompt produces.
  const produced = new Set(
    pack.flatMap((prompt) => prompt.writes.map((entry) => relativeTo(entry, "ARTIFACT_DIR"))),
  );
  for (const prompt of pack) {
    for (const entry of prompt.reads) {
      const file = relativeTo(entry, "PREV_ARTIFACT_DIR");
      if (file !== undefined && !produced.has(file)) {
        problems.push(`${prompt.name} reads ${entry.path}, which no prompt of the pack writes`);
      }
    }
  }

  for (const unit of units) {
    for (const name of unit.steps) {
      if (!byName.has(name)) problems.push(`${unit.id}: no prompt ${name} in the pack`);
    }
    unit.steps.forEach((name, index) => {
      const consumer = byName.get(name);
      if (!consumer) return;
      const required = consumer.reads.filter(
        (entry) => entry.qualifier === "required" && relativeTo(entry, "PREV_ARTIFACT_DIR"),
      );
      const producerName = unit.steps[index - 1];
      if (producerName === undefined) {
        for (const entry of required) {
          problems.push(
            `${unit.id}: ${name} is the first step but requires ${entry.path} (a chain may start with any unit)`,
          );
        }
        return;
      }
      const producer = byName.get(producerName);
      const written = new Set(
        (producer?.writes ?? [])
          .filter((entry) => entry.qualifier !== "when blocked")
          .map((entry) => relativeTo(entry, "ARTIFACT_DIR")),
      );
      for (const entry of required) {
        const file = relativeTo(entry, "PREV_ARTIFACT_DIR");
        if (file !== undefined && !written.has(file)) {
          problems.push(
            `${unit.id}: ${name} requires ${entry.path}, but ${producerName} does not write $ARTIFACT_DIR/${file}`,
          );
        }
      }
    });
  }
  return problems;
}
