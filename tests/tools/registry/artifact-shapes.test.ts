import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ARTIFACT_SAMPLES } from "../../../ccw/src/dev/model-server/artifact-samples.js";
import {
  ARTIFACT_SHAPE_CATALOG,
  artifactShapeSchemaFiles,
} from "../../../ccw/src/tools/registry/artifact-shape-catalog.js";
import { ARTIFACT_SHAPE_NAMES } from "../../../ccw/src/tools/registry/artifact-shape-names.js";
import { REPO_ROOT } from "../../prompt-pack/pack.js";

describe("the artifact shape catalog", () => {
  it("names the same shapes as the list the registry checks Writes lines against", () => {
    expect(Object.keys(ARTIFACT_SHAPE_CATALOG)).toEqual([...ARTIFACT_SHAPE_NAMES]);
  });

  it.each(ARTIFACT_SHAPE_NAMES)(
    "the model server's sample of %s is valid, and its schema field names it",
    (name) => {
      const sample = ARTIFACT_SAMPLES[name];
      expect(ARTIFACT_SHAPE_CATALOG[name].safeParse(sample).success).toBe(true);
      expect(sample.schema).toBe(name);
    },
  );

  it("{} is no valid artifact of any shape", () => {
    for (const schema of Object.values(ARTIFACT_SHAPE_CATALOG))
      expect(schema.safeParse({}).success).toBe(false);
  });

  it("the fake Codex fixtures write the same samples", () => {
    const file = path.join(REPO_ROOT, "tests", "fixtures", "fake-codex", "artifact-samples.json");
    expect(JSON.parse(readFileSync(file, "utf8"))).toEqual(ARTIFACT_SAMPLES);
  });
});

// Regenerate with `npx vitest run tests/tools/registry/artifact-shapes.test.ts -u` after a shape changes.
describe("docs/schemas for the artifact shapes", () => {
  for (const [name, text] of Object.entries(artifactShapeSchemaFiles())) {
    it(`${name} matches the zod shape`, async () => {
      await expect(text).toMatchFileSnapshot(`../../../docs/schemas/${name}`);
    });
  }
});
