import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  CATEGORY_RULES,
  categoryFromName,
  FALLBACK_CATEGORY,
  isPromptCategory,
  PROMPT_CATEGORIES,
} from "../../../ccw/src/tools/registry/prompt-category.js";

describe("the category rule table", () => {
  it.each(CATEGORY_RULES.map((rule) => [rule.example, rule.category]))(
    "gives the example %s its rule's category, %s",
    (name, category) => {
      expect(categoryFromName(name).category).toBe(category);
    },
  );

  it("lists each word in one rule only, so every word reaches its rule", () => {
    const words = CATEGORY_RULES.flatMap((rule) => rule.words);
    expect(new Set(words).size).toBe(words.length);
    for (const rule of CATEGORY_RULES) {
      for (const word of rule.words)
        expect(categoryFromName(word)).toEqual({ category: rule.category, word });
    }
  });

  it("reaches every category but the fallback through a rule", () => {
    const ruled = new Set(CATEGORY_RULES.map((rule) => rule.category));
    expect([...ruled, FALLBACK_CATEGORY].sort()).toEqual([...PROMPT_CATEGORIES].sort());
  });

  it.each([
    ["lite-plan-a", "planning"],
    ["lite-plan-b", "planning"],
    ["lite-plan-c", "planning"],
    ["execute", "execution"],
    ["lite-fix", "bugfix"],
    ["debug-with-file", "bugfix"],
    ["issue-discover", "discovery"],
    ["issue-plan", "planning"],
    ["issue-queue", "planning"],
    ["issue-execute", "execution"],
    ["issue-discover-by-prompt", "discovery"],
    ["brainstorm-with-file", "brainstorm"],
    ["analyze-with-file", "analysis"],
    ["clean", "cleanup"],
    ["merge-plans-with-file", "planning"],
    ["quick-plan-with-file", "planning"],
    // Table order decides between two rules' words.
    ["fix-plan", "bugfix"],
    ["plan-review", "planning"],
    ["review_and.run", "analysis"],
    // Words, not substrings.
    ["prefix", "utility"],
    ["planet", "utility"],
    ["commit-message", "utility"],
    ["", "utility"],
  ])("%s is %s", (name, category) => {
    expect(categoryFromName(name).category).toBe(category);
  });

  it("knows the category names", () => {
    expect(isPromptCategory("bugfix")).toBe(true);
    expect(isPromptCategory("testing")).toBe(false);
  });

  it("is the table docs/prompts.md shows", () => {
    const docs = readFileSync(
      path.resolve(import.meta.dirname, "../../../docs/prompts.md"),
      "utf8",
    );
    // Cells are read trimmed: the formatter pads the table's columns.
    const rows = [...docs.matchAll(/^\|\s*(\d+)\s*\|\s*(\w+)\s*\|([^|]+)\|([^|]+)\|$/gm)].map(
      ([, order, category, words, example]) => ({
        order: Number(order),
        category,
        words: (words ?? "").trim().split(/, /),
        example: (example ?? "").trim(),
      }),
    );
    expect(rows).toEqual(
      CATEGORY_RULES.map((rule, index) => ({
        order: index + 1,
        category: rule.category,
        words: [...rule.words],
        example: rule.example,
      })),
    );
  });
});
