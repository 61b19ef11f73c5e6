import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import { RulesV1 } from "../../ccw/src/parity/rules.js";
import { renderSchemaJson } from "../../ccw/src/parity/schema-json.js";
import {
  CoverageReportV1,
  UpstreamSnapshotUnionV2,
  UpstreamSnapshotV1,
  WrapperCoverageV1,
} from "../../ccw/src/parity/schemas.js";
import { runCli } from "../helpers/cli-context.js";
import { MANIFESTS, NEW, OLD, REPO } from "./fixtures.js";

describe("SCHEMA.json", () => {
  it("is the schema generated from the zod sources (regenerate: ccw codex-parity schema --out ...)", async () => {
    expect(await readFile(path.join(MANIFESTS, "SCHEMA.json"), "utf8")).toBe(renderSchemaJson());
  });

  it("is JSON Schema draft 2020-12 with one definition per artifact kind", () => {
    const schema = JSON.parse(renderSchemaJson());
    expect(schema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(Object.keys(schema.$defs)).toEqual([
      "UpstreamSnapshotV1",
      "UpstreamSnapshotUnionV2",
      "WrapperCoverageV1",
      "CoverageReportV1",
      "RulesV1",
    ]);
    // v1 coverage forbids unknown fields such as `scope`.
    expect(schema.$defs.WrapperCoverageV1.additionalProperties).toBe(false);
  });

  it("is what `ccw codex-parity schema` prints", async () => {
    const result = await runCli(["codex-parity", "schema"], { cwd: REPO });
    expect(result).toEqual({ code: 0, stdout: renderSchemaJson(), stderr: "" });
  });
});

describe("every committed artifact matches its schema", () => {
  const cases: [string, z.ZodType][] = [
    ["RULES.json", RulesV1],
    ["wrapper_coverage.json", WrapperCoverageV1],
    ["current.json", UpstreamSnapshotUnionV2],
  ];
  for (const version of [OLD, NEW]) {
    cases.push([`snapshots/${version}/x86_64-unknown-linux-musl.json`, UpstreamSnapshotV1]);
    cases.push([`snapshots/${version}/union.json`, UpstreamSnapshotUnionV2]);
  }
  it.each(cases)("%s", async (file, schema) => {
    const parsed = schema.safeParse(JSON.parse(await readFile(path.join(MANIFESTS, file), "utf8")));
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it.each([OLD, NEW])("reports/%s/*.json", async (version) => {
    const dir = path.join(MANIFESTS, "reports", version);
    const files = await readdir(dir);
    expect(files.sort()).toEqual(["coverage.any.json", "coverage.x86_64-unknown-linux-musl.json"]);
    for (const file of files) {
      const parsed = CoverageReportV1.safeParse(
        JSON.parse(await readFile(path.join(dir, file), "utf8")),
      );
      expect(parsed.error?.issues ?? []).toEqual([]);
    }
  });
});
