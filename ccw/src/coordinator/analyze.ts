import {
  COMPLEXITY_RULES,
  COMPLEXITY_THRESHOLDS,
  type Complexity,
  type KeywordRule,
  PART_SEPARATORS,
  TASK_TYPE_RULES,
  TASK_TYPES,
  type TaskType,
} from "./keyword-rules.js";

/** The deterministic reading of an intent (no model call); stored as state.json `analysis`. */
export interface IntentAnalysis {
  readonly goal: string;
  readonly scope: string[];
  readonly complexity: Complexity;
  readonly task_type: TaskType;
  /** The matched words that decided the task type and the complexity, e.g. `bugfix:fix`. */
  readonly signals: string[];
  /** Present (true) when no task-type rule matched and `task_type` is only the default. */
  readonly assumed?: true;
}

/** How each task type scored, for `--verbose`. */
export interface AnalysisRationale {
  readonly scores: ReadonlyArray<{ taskType: TaskType; score: number; matches: string[] }>;
  readonly complexityScore: { complex: number; simple: number };
  /** The parts the intent names (see PART_SEPARATORS), and whether its scope is one file. */
  readonly parts: number;
  readonly oneFile: boolean;
}

interface Match {
  readonly key: string;
  readonly term: string;
  readonly weight: number;
}

interface CompiledRule {
  readonly key: string;
  readonly weight: number;
  readonly en: RegExp | undefined;
  /**
   * Text every match of `en` starts with (one per term), or undefined when some term starts
   * with a group. Running a regular expression the first time compiles it, which costs more
   * than the match; a rule none of whose starts occur in the intent is skipped.
   */
  readonly starts: readonly string[] | undefined;
  readonly zh: readonly string[];
}

/**
 * Text one of which every match of `term` starts with, two characters or more each: its leading
 * literal ("review" of "review(?:s|ed)?"), or the alternatives of a leading group ("take",
 * "have" of "(?:take|have) a look"); undefined when there is none.
 */
export function leadingLiterals(term: string): string[] | undefined {
  const group = /^\(\?:([a-z0-9 '|-]+)\)(?![?*{])/.exec(term)?.[1];
  const starts = group === undefined ? [literalRun(term)] : group.split("|");
  return starts.every((start) => start.length >= 2) ? starts : undefined;
}

function literalRun(term: string): string {
  const run = /^[a-z0-9 '-]*/.exec(term)?.[0] ?? "";
  // In "tests?" the last letter of the run is optional: "test" is what every match starts with.
  return /^[?*{]/.test(term.slice(run.length)) ? run.slice(0, -1) : run;
}

function compile<K extends string>(rules: readonly KeywordRule<K>[]): CompiledRule[] {
  return rules.map((rule) => {
    const starts = (rule.en ?? []).map(leadingLiterals);
    return {
      key: rule.key,
      weight: rule.weight,
      // Terms are lower case and the intent is lower-cased once, so a match reads as written.
      en: rule.en?.length ? new RegExp(`\\b(?:${rule.en.join("|")})\\b`, "g") : undefined,
      starts: starts.every((start) => start !== undefined) ? starts.flat() : undefined,
      zh: rule.zh ?? [],
    };
  });
}

let compiledTaskRules: CompiledRule[] | undefined;
let compiledComplexityRules: CompiledRule[] | undefined;

function findMatches(text: string, rules: readonly CompiledRule[]): Match[] {
  const matches: Match[] = [];
  for (const rule of rules) {
    const mayMatch = rule.starts === undefined || rule.starts.some((start) => text.includes(start));
    if (rule.en && mayMatch) {
      for (const found of text.matchAll(rule.en)) {
        // A word inside a path (docs/plans, src/review/) names a place, not the task.
        const at = found.index ?? 0;
        if (text[at - 1] === "/" || text[at + found[0].length] === "/") continue;
        matches.push({ key: rule.key, term: found[0], weight: rule.weight });
      }
    }
    for (const term of rule.zh) {
      if (text.includes(term)) matches.push({ key: rule.key, term, weight: rule.weight });
    }
  }
  return matches;
}

const unique = (values: readonly string[]) => [...new Set(values)];

/** Analyzes an intent: goal, scope, complexity, task type and the signals behind them. */
export function analyzeIntent(intent: string): IntentAnalysis {
  return analyzeWithRationale(intent).analysis;
}

/** {@link analyzeIntent}, plus how every task type scored. */
export function analyzeWithRationale(intent: string): {
  analysis: IntentAnalysis;
  rationale: AnalysisRationale;
} {
  compiledTaskRules ??= compile(TASK_TYPE_RULES);
  compiledComplexityRules ??= compile(COMPLEXITY_RULES);
  const goal = intent.replace(/\s+/g, " ").trim();
  const scope = extractScope(goal);

  const lower = goal.toLowerCase();
  const taskMatches = findMatches(lower, compiledTaskRules);
  const scores = TASK_TYPES.map((taskType) => {
    const mine = taskMatches.filter((match) => match.key === taskType);
    return {
      taskType,
      score: mine.reduce((sum, match) => sum + match.weight, 0),
      matches: unique(mine.map((match) => match.term)),
    };
  });
  // Ties go to the type whose rules come first in TASK_TYPE_RULES; no match at all → feature.
  const ruleOrder = unique(TASK_TYPE_RULES.map((rule) => rule.key));
  const ranked = [...scores].sort(
    (a, b) => b.score - a.score || ruleOrder.indexOf(a.taskType) - ruleOrder.indexOf(b.taskType),
  );
  const best = ranked[0];
  const taskType: TaskType = best && best.score > 0 ? best.taskType : "feature";

  const complexityMatches = findMatches(lower, compiledComplexityRules);
  const termsOf = (key: string) =>
    unique(complexityMatches.filter((match) => match.key === key).map((match) => match.term));
  const complexTerms = termsOf("complex");
  const broadTerms = termsOf("broad");
  const simpleTerms = termsOf("simple");
  const parts = countParts(goal);
  const structural: string[] = [];
  if (scope.length >= COMPLEXITY_THRESHOLDS.manyScopes) structural.push(`${scope.length} scopes`);
  if (parts >= COMPLEXITY_THRESHOLDS.manyParts) structural.push(`${parts} parts`);
  if (goal.split(" ").length > COMPLEXITY_THRESHOLDS.longIntentWords)
    structural.push("long intent");
  const complexScore = complexTerms.length + broadTerms.length + structural.length;
  const simpleScore = simpleTerms.length;
  const scored: Complexity =
    complexScore > simpleScore ? "complex" : simpleScore > complexScore ? "simple" : "medium";
  // One named file is a small scope, whatever the topic, unless the user says it is big.
  const oneFile = scope.length === 1 && isFileName(scope[0] ?? "");
  const capped =
    scored === "complex" &&
    oneFile &&
    broadTerms.length === 0 &&
    parts < COMPLEXITY_THRESHOLDS.manyParts;
  const complexity: Complexity = capped ? "medium" : scored;

  const winning = scores.find((entry) => entry.taskType === taskType);
  const signals = [
    ...(winning?.matches ?? []).map((term) => `${taskType}:${term}`),
    ...(complexity === "complex" ? [...complexTerms, ...broadTerms, ...structural] : []).map(
      (term) => `complex:${term}`,
    ),
    ...(complexity === "simple" ? simpleTerms : []).map((term) => `simple:${term}`),
    ...(capped ? ["medium:one file"] : []),
  ];
  const assumed = !(best && best.score > 0);
  return {
    analysis: {
      goal,
      scope,
      complexity,
      task_type: taskType,
      signals,
      ...(assumed ? { assumed: true as const } : {}),
    },
    rationale: {
      scores: ranked,
      complexityScore: { complex: complexScore, simple: simpleScore },
      parts,
      oneFile,
    },
  };
}

/** How many parts the intent names: the pieces between PART_SEPARATORS that hold a word. */
export function countParts(goal: string): number {
  // Paths and quoted names are one part each, whatever punctuation they hold.
  const plain = goal.replace(/`[^`]*`/g, "x");
  return plain.split(PART_SEPARATORS).filter((piece) => /[0-9A-Za-z\u00c0-\uffff]/.test(piece))
    .length;
}

const FILE_EXTENSIONS =
  "ts|tsx|js|jsx|mjs|cjs|json|md|py|go|rs|java|kt|swift|rb|php|c|h|cc|cpp|hpp|cs|ya?ml|toml|sh|css|scss|html|vue|svelte|sql";

const FILE_NAME = new RegExp(`\\.(?:${FILE_EXTENSIONS})$`, "i");

function isFileName(scope: string): boolean {
  return FILE_NAME.test(scope);
}

/** Module, service, component, interface, page, folder. */
const SCOPE_NOUNS_ZH = ["模块", "服务", "组件", "接口", "页面", "目录"];

const SCOPE_PATTERNS: readonly RegExp[] = [
  // `quoted` names
  /`([^`\n]+)`/g,
  // paths with a slash: src/auth, ./lib/x.ts, packages/api/
  /(?<![\w@.\-/])((?:\.{1,2}\/)?[\w@.-]+(?:\/[\w@.-]+)+\/?)/g,
  // file names with a known extension
  new RegExp(`(?<![\\w@.\\-/])([\\w.-]+\\.(?:${FILE_EXTENSIONS}))\\b`, "g"),
  // "the auth module", "the payments service"
  /\bthe ([\w-]+ (?:module|service|component|package|api|endpoint|page|layer|library|folder|directory|subsystem|controller|handler))\b/gi,
  // 登录模块, auth模块 (from strings, which esbuild escapes: see ASCII_ONLY in scripts/build.mjs)
  new RegExp(`([\\u4e00-\\u9fa5]{2}|[A-Za-z0-9_-]+)(${SCOPE_NOUNS_ZH.join("|")})`, "g"),
];

/** Paths and areas named in the intent, in order of appearance, without duplicates. */
export function extractScope(text: string): string[] {
  const found: Array<{ at: number; value: string }> = [];
  for (const pattern of SCOPE_PATTERNS) {
    for (const match of text.matchAll(pattern)) {
      const value = (match[2] === undefined ? match[1] : `${match[1]}${match[2]}`) ?? "";
      const cleaned = value.replace(/[.,;:!?)]+$/, "").trim();
      if (cleaned.length > 0) found.push({ at: match.index ?? 0, value: cleaned });
    }
  }
  found.sort((a, b) => a.at - b.at);
  const seen = new Set<string>();
  const result: string[] = [];
  for (const { value } of found) {
    // A file name already covered by a path (src/auth/login.ts ⊃ login.ts) adds nothing.
    if (seen.has(value) || result.some((kept) => kept.endsWith(`/${value}`))) continue;
    seen.add(value);
    result.push(value);
  }
  return result;
}
