/**
 * The keyword rules of intent analysis, as data. docs/routing.md explains every choice.
 *
 * English terms are lower-case regular-expression sources, matched on word boundaries against
 * the lower-cased intent; Chinese terms are plain substrings (Chinese has no spaces between
 * words). A rule's weight says how strongly one match points at its task type: 2 for words
 * that name the task outright ("brainstorm", "修复"), 1 for usual evidence, 0.5 for words
 * common in other kinds of requests too ("error" in "error handling").
 */

import type { TaskType } from "../session/plan-vocabulary.js";

export {
  COMPLEXITIES,
  type Complexity,
  TASK_TYPES,
  type TaskType,
} from "../session/plan-vocabulary.js";

/** Terms that point at one task type (or complexity), with a weight. */
export interface KeywordRule<K extends string> {
  readonly key: K;
  readonly weight: number;
  readonly en?: readonly string[];
  readonly zh?: readonly string[];
}

/**
 * Task-type rules. When two types score the same, the one listed first wins: the narrow,
 * deliberate requests (merge plans, brainstorm, clean up, discover) before the broad ones
 * (fix, then look, test, document, analyze), and `feature` last because it is also the default.
 * Review comes right after bugfix: a request that both looks and asks for a fix gets the fix,
 * and one that looks at something without asking for a change stays read-only.
 */
export const TASK_TYPE_RULES = [
  {
    key: "batch-planning",
    weight: 2,
    en: [
      "(?:merge|combine|consolidate) (?:the |these |those |all |my )?(?:[\\w-]+ ){0,4}plans?",
      "(?:multiple|several|many) plans",
    ],
    zh: ["合并计划", "合并方案", "计划合并", "方案合并", "多个计划", "多个方案", "整合计划"],
  },
  {
    key: "batch-planning",
    weight: 1,
    en: ["plan files", "batch(?:es)?"],
    zh: ["批量", "合并", "这些计划", "几个计划", "两个计划", "三个计划"],
  },
  {
    key: "brainstorm",
    weight: 2,
    en: [
      "brainstorm(?:s|ed|ing)?",
      "ideate",
      "explore (?:the )?(?:options|approaches|alternatives|ideas)",
    ],
    zh: ["头脑风暴", "探索方案"],
  },
  {
    key: "brainstorm",
    weight: 1,
    en: ["ideas?", "come up with", "what could we"],
    zh: ["构思", "创意", "点子", "想法"],
  },
  {
    key: "cleanup",
    weight: 2,
    en: ["clean(?:s|ed|ing)? ?up", "dead code"],
    zh: ["清理", "死代码"],
  },
  {
    key: "cleanup",
    weight: 1,
    en: ["unused", "obsolete", "leftovers?", "tidy(?: up)?", "prune", "declutter", "stale"],
    zh: ["无用", "没用", "冗余", "废弃", "整理"],
  },
  {
    key: "discovery",
    weight: 2,
    en: [
      "discover(?:s|ed|ing|y)?",
      "audit(?:s|ed|ing)?",
      "(?:find|identify|list|spot) (?:all |any |the |potential |possible |security )*(?:issues|problems|bugs|risks|weaknesses|vulnerabilit(?:y|ies))",
    ],
    zh: ["审计", "问题清单", "找出问题", "发现问题"],
  },
  {
    key: "discovery",
    weight: 1,
    en: ["scan(?:s|ned|ning)?", "triage", "issues", "vulnerabilit(?:y|ies)"],
    zh: ["排查", "扫描", "隐患", "找出", "潜在问题", "可能的问题", "漏洞"],
  },
  {
    key: "bugfix",
    weight: 2,
    en: ["fix(?:es|ed|ing)?", "debug(?:s|ged|ging)?", "repair(?:s|ed|ing)?"],
    zh: ["修复", "修正", "调试"],
  },
  {
    key: "bugfix",
    weight: 1,
    en: [
      "bugs?",
      "crash(?:es|ed|ing)?",
      "broken",
      "regressions?",
      "fail(?:s|ed|ing|ure|ures)?",
      "exceptions?",
      "not working",
      "doesn'?t work",
      "hang(?:s|ing)?",
      "leak(?:s|ing)?",
      "wrong result",
    ],
    zh: ["崩溃", "故障", "报错", "异常", "失败", "不工作", "缺陷"],
  },
  { key: "bugfix", weight: 0.5, en: ["errors?", "timeouts?"], zh: ["错误", "超时"] },
  {
    key: "review",
    weight: 2,
    en: [
      "review(?:s|ed|ing)?",
      "(?:take|have|get) a (?:quick |closer |second )?look",
      "look(?:s|ing)? (?:at|over|through)",
      "go(?:es|ing)? (?:over|through) (?:my|the|our|this|these|that)",
      "pull requests?",
      "prs?",
      "merge requests?",
      "critiques?",
      "second (?:pair of eyes|opinion)",
      "what'?s wrong",
    ],
    zh: ["看看", "看一下", "看一看", "看下", "瞧瞧", "检查", "审查", "审阅", "评审", "代码审核"],
  },
  {
    key: "review",
    weight: 1.5,
    en: [
      "check(?:s|ed|ing)? (?:my|the|our|this|these|that|those|if|whether|over|out)",
      "inspect(?:s|ed|ing)?",
    ],
  },
  {
    key: "review",
    weight: 1,
    en: [
      "diffs?",
      "(?:last|latest|recent|previous) commits?",
      "commit range",
      "(?:my|the|uncommitted|staged|local) changes",
      "feedback",
      "anything wrong",
      "before (?:i|we) merge",
      "problems?",
    ],
    zh: ["有没有问题", "哪里不对", "改动", "提交"],
  },
  {
    key: "test",
    weight: 2,
    en: [
      "(?:unit|integration|regression|e2e|end-to-end|snapshot|property) tests?",
      "tests? (?:for|of|to cover)",
      "(?:write|add|generate|create) (?:some |more |missing )?tests?",
      "test (?:coverage|cases?|suite for)",
      "coverage",
      "untested",
    ],
    zh: ["单元测试", "测试用例", "写测试", "加测试", "覆盖率", "集成测试"],
  },
  { key: "test", weight: 1, zh: ["测试"] },
  // "test" alone is as often a noun of another task ("add a test command", "npm test fails").
  { key: "test", weight: 0.5, en: ["tests?", "testing", "specs?"] },
  {
    key: "docs",
    weight: 2,
    en: [
      "documentation",
      "docs?",
      "document(?:s|ed|ing)? (?:the|this|our|my|how|what|all|every|its|their|each)",
      "readme(?:\\.md)?",
      "docstrings?",
      "jsdoc",
      "tsdoc",
      "doc ?comments?",
      "changelog(?:\\.md)?",
      "usage guide",
    ],
    zh: ["文档", "注释", "说明书", "使用说明", "自述文件"],
  },
  { key: "docs", weight: 1, en: ["comments?", "explain in writing", "guide"], zh: ["说明"] },
  { key: "analysis", weight: 2, en: ["analy[sz](?:e|es|ed|ing|is)"], zh: ["分析"] },
  {
    key: "analysis",
    weight: 1,
    en: [
      "investigat(?:e|es|ed|ing|ion)",
      "understand(?:s|ing)?",
      "explain(?:s|ed|ing)?",
      "assess(?:es|ed|ing|ment)?",
      "evaluat(?:e|es|ed|ing|ion)",
      "why",
      "how does",
      "how do",
      "root cause",
      "compare",
      "study",
    ],
    zh: ["调研", "研究", "评估", "理解", "解释", "为什么", "原因", "对比"],
  },
  {
    key: "feature",
    weight: 2,
    en: [
      "features?",
      "implement(?:s|ed|ing|ation)?",
      // Tests that come with something else ("add greet(), with a unit test") are part of it.
      "(?:with|plus|including) (?:a |an |some |the |its |their )?(?:unit |integration |e2e |regression )?tests?",
    ],
    zh: ["实现", "新功能", "附带测试", "附带单元测试", "并编写测试", "并补充测试", "并补测试"],
  },
  {
    key: "feature",
    weight: 1,
    en: [
      "add(?:s|ed|ing)?",
      "create(?:s|d)?",
      "build(?:s|ing)?",
      "support(?:s|ed|ing)?",
      "introduce(?:s|d)?",
      "develop(?:s|ed|ing)?",
      "allow(?:s|ed)?",
      "enable(?:s|d)?",
      "integrat(?:e|es|ed|ion)",
      "refactor(?:s|ed|ing)?",
      "renam(?:e|es|ed|ing)",
      "rewrite|rewrites|rewriting|rewrote",
      "convert(?:s|ed|ing)?",
      "replac(?:e|es|ed|ing)",
      "chang(?:e|es|ed|ing)",
      "updat(?:e|es|ed|ing)",
      "upgrad(?:e|es|ed|ing)",
      "improv(?:e|es|ed|ing)",
      "optimi[sz](?:e|es|ed|ing)",
      "speed up",
      "make",
      "mov(?:e|es|ed|ing)",
      "extract(?:s|ed|ing)?",
      "split(?:s|ting)?",
      "switch(?:es|ed|ing)?",
    ],
    zh: [
      "添加",
      "新增",
      "开发",
      "支持",
      "功能",
      "创建",
      "增加",
      "集成",
      "重构",
      "改成",
      "改为",
      "优化",
      "升级",
      "替换",
      "修改",
      "改造",
      "加上",
    ],
  },
] as const satisfies readonly KeywordRule<TaskType>[];

/** The kinds of complexity evidence. */
export const COMPLEXITY_KEYS = ["complex", "broad", "simple"] as const;

export type ComplexityKey = (typeof COMPLEXITY_KEYS)[number];

/**
 * Complexity rules. `complex`: work that is large or delicate by nature (refactor, migrate,
 * security). `broad`: the user says the scope is wide, or says outright that the task is big
 * (the whole repo, every module, thorough); it counts like `complex` and also lifts the
 * one-file limit. `simple`: evidence of a small task.
 */
export const COMPLEXITY_RULES = [
  {
    key: "complex",
    weight: 1,
    en: [
      "refactor(?:s|ed|ing)?",
      "architect(?:ure|ural)?",
      "redesign(?:s|ed|ing)?",
      "migrat(?:e|es|ed|ing|ions?)",
      "distributed",
      "concurren(?:t|cy)",
      "race conditions?",
      "intermittent(?:ly)?",
      "flaky",
      "performance",
      "scalab(?:le|ility)",
      "security",
    ],
    zh: ["重构", "架构", "迁移", "分布式", "并发", "偶发", "性能", "安全"],
  },
  {
    key: "broad",
    weight: 1,
    en: [
      "across",
      "multiple (?:modules|services|files|components|packages|systems)",
      "system-?wide",
      "(?:repo|codebase|project)-?wide",
      "end-to-end",
      "entire",
      "whole (?:codebase|project|system|app|repo(?:sitory)?|monorepo)",
      "(?:all|every) (?:the )?(?:files?|modules?|packages?|services?|components?|endpoints?|directories|folders?)",
      "throughout",
      "a complete",
      "the complete",
      "full-?(?:featured|fledged|blown)",
      "complex",
      "large(?:-scale)?",
      "deep(?:ly)?",
      "thorough(?:ly)?",
      "comprehensive",
    ],
    zh: [
      "整个",
      "全部",
      "所有文件",
      "所有模块",
      "全仓库",
      "全项目",
      "多个模块",
      "复杂",
      "全面",
      "深入",
      "彻底",
      "系统性",
      "完整",
    ],
  },
  {
    key: "simple",
    weight: 1,
    en: [
      "typos?",
      "renam(?:e|es|ed|ing)",
      "small",
      "simple",
      "quick(?:ly)?",
      "minor",
      "one-?line(?:r)?",
      "trivial",
      "tiny",
      "single",
    ],
    zh: ["简单", "拼写", "重命名", "快速", "一行", "微小", "小改动", "小问题", "小修改", "单个"],
  },
] as const satisfies readonly KeywordRule<ComplexityKey>[];

/** When the structure of an intent counts as evidence of a complex task. */
export const COMPLEXITY_THRESHOLDS = {
  /** Naming this many paths or areas is itself a sign of a complex task. */
  manyScopes: 3,
  /** Naming this many parts ("A, B, C and D"; 甲、乙和丙) is a sign of a complex task. */
  manyParts: 4,
  /** An intent longer than this many words counts as one more complexity signal. */
  longIntentWords: 60,
} as const;

/** The Chinese words for "and" that join parts of an intent. */
const PART_JOINERS_ZH = ["以及", "并且", "和", "及", "与"];

/**
 * What separates the parts an intent names: commas and semicolons, "and", "plus", "as well as",
 * and in Chinese the enumeration comma and 和, 以及, 并且, 及, 与. Built from strings, which
 * esbuild escapes (a literal would keep the characters; see ASCII_ONLY in scripts/build.mjs).
 */
export const PART_SEPARATORS: RegExp = new RegExp(
  `\\s*(?:[,;、]|\\band\\b|\\bplus\\b|\\bas well as\\b|${PART_JOINERS_ZH.join("|")})\\s*`,
  "gi",
);
