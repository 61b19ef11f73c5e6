import { describe, expect, it } from "vitest";
import { coordinatorSchemaFiles } from "../../ccw/src/coordinator/json-output.js";

// The committed docs/schemas/*.json are generated from the zod schemas; after a schema change,
// regenerate them with `npx vitest run tests/coordinator/json-schemas.test.ts -u`.
describe("docs/schemas", () => {
  for (const [name, text] of Object.entries(coordinatorSchemaFiles())) {
    it(`${name} matches the zod schema`, async () => {
      await expect(text).toMatchFileSnapshot(`../../docs/schemas/${name}`);
    });
  }
});
