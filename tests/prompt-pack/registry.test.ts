/** The pack as ccw itself sees it: through the CodexPromptRegistry, from the repository. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { catalogPromptNames } from "../../ccw/src/coordinator/units.js";
import { CodexPromptRegistry } from "../../ccw/src/tools/codex-prompt-registry.js";
import { loadPack, PackFrontmatter, REPO_ROOT } from "./pack.js";

const emptyCodexHome = mkdtempSync(path.join(tmpdir(), "ccw-pack-home-"));
afterAll(() => rmSync(emptyCodexHome, { recursive: true, force: true }));

describe("the CodexPromptRegistry on this repository", () => {
  const registry = new CodexPromptRegistry({ workspace: REPO_ROOT, codexHome: emptyCodexHome });

  it("lists every catalog prompt from the project, with no diagnostics", async () => {
    const listing = await registry.list();
    expect(listing.diagnostics).toEqual([]);
    expect(listing.prompts.map((prompt) => prompt.name)).toEqual(catalogPromptNames());
    for (const prompt of listing.prompts) expect(prompt.source).toBe("project");
  });

  it("reads the same frontmatter, category and body as the pack tests", async () => {
    const listing = await registry.list();
    for (const packed of loadPack()) {
      const listed = listing.prompts.find((prompt) => prompt.name === packed.name);
      const frontmatter = PackFrontmatter.parse(packed.frontmatter);
      expect(listed).toMatchObject({
        category: frontmatter.category,
        categorySource: "frontmatter",
        description: frontmatter.description,
        argumentHint: frontmatter["argument-hint"],
        body: packed.body,
      });
      expect(listed?.placeholders.mode).toBe("named");
    }
  });
});
