import { describe, expect, it } from "vitest";
import { evidenceReportJsonSchema } from "../../ccw/src/evidence/report.js";

describe("docs/schemas/evidence-report.schema.json", () => {
  it("is the JSON Schema generated from the EvidenceReport zod schema (vitest -u regenerates it)", async () => {
    await expect(evidenceReportJsonSchema()).toMatchFileSnapshot(
      "../../docs/schemas/evidence-report.schema.json",
    );
  });

  it("is stable: two generations are byte-identical", () => {
    expect(evidenceReportJsonSchema()).toBe(evidenceReportJsonSchema());
  });
});
