/**
 * Prompt categories. A prompt's frontmatter may name its category; otherwise it is derived
 * from the prompt's name by the rule table below (documented in docs/prompts.md).
 */

/** Every category, in the order listings and docs present them. */
export const PROMPT_CATEGORIES = [
  "planning",
  "execution",
  "bugfix",
  "discovery",
  "analysis",
  "brainstorm",
  "cleanup",
  "utility",
] as const;

export type PromptCategory = (typeof PROMPT_CATEGORIES)[number];

/** One row of the name rule table. */
export interface CategoryRule {
  readonly category: PromptCategory;
  /** Words that select this category when the name contains one of them. */
  readonly words: readonly string[];
  /** A name the rule is meant for (the docs and the table test use it). */
  readonly example: string;
}

/**
 * A name is split into words at `-`, `_` and `.` (`issue-discover-by-prompt` → issue, discover,
 * by, prompt). The first rule, in table order, that shares a word with the name decides; a
 * name that matches no rule is `utility`. Order matters where a name has words of two rules:
 * `fix-plan` is a bug fix and `plan-review` is planning, because bugfix comes before planning
 * and planning before analysis.
 */
export const CATEGORY_RULES = [
  {
    category: "bugfix",
    words: ["fix", "bug", "bugfix", "bugs", "debug", "hotfix", "repair", "diagnose"],
    example: "lite-fix",
  },
  {
    category: "brainstorm",
    words: ["brainstorm", "brainstorming", "ideate", "ideas", "idea"],
    example: "brainstorm-with-file",
  },
  {
    category: "cleanup",
    words: ["clean", "cleanup", "tidy", "prune", "purge", "declutter"],
    example: "clean",
  },
  {
    category: "discovery",
    words: ["discover", "discovery", "explore", "exploration", "scan", "survey", "find"],
    example: "issue-discover",
  },
  {
    category: "planning",
    words: ["plan", "plans", "planning", "planner", "queue", "roadmap", "design", "breakdown"],
    example: "lite-plan-a",
  },
  {
    category: "analysis",
    words: [
      "analyze",
      "analyse",
      "analysis",
      "review",
      "audit",
      "inspect",
      "assess",
      "investigate",
    ],
    example: "analyze-with-file",
  },
  {
    category: "execution",
    words: ["execute", "exec", "execution", "run", "implement", "build", "apply", "develop"],
    example: "execute",
  },
] as const satisfies readonly CategoryRule[];

/** Each rule word and the first rule that lists it. */
const RULE_WORDS: ReadonlyMap<string, CategoryRule> = new Map(
  [...CATEGORY_RULES].reverse().flatMap((rule) => rule.words.map((word) => [word, rule] as const)),
);

/** The category of a name that no rule matches. */
export const FALLBACK_CATEGORY: PromptCategory = "utility";

/** The category the rule table gives `name`, and the word that decided it. */
export function categoryFromName(name: string): { category: PromptCategory; word?: string } {
  const words = name.toLowerCase().split(/[-_.]+/);
  for (const rule of CATEGORY_RULES) {
    const word = words.find((candidate) => RULE_WORDS.get(candidate) === rule);
    if (word !== undefined) return { category: rule.category, word };
  }
  return { category: FALLBACK_CATEGORY };
}

/** Whether `value` is one of PROMPT_CATEGORIES. */
export function isPromptCategory(value: string): value is PromptCategory {
  return (PROMPT_CATEGORIES as readonly string[]).includes(value);
}
