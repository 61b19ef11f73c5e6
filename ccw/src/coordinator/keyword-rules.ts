/**
 * The keyword rules of intent analysis, as data. docs/routing.md explains every choice.
 *
 * English terms are regular-expression sources matched case-insensitively on word boundaries;
 * Chinese terms are plain substrings (Chinese has no spaces between words). A rule's weight says
 * how strongly one match points at its task type: 2 for words that name the task outright
 * ("brainstorm", "修复"), 1 for usual evidence, 0.5 for words common in other kinds of requests
 * too ("error" in "error handling").
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
 * (fix, analyze), and `feature` last because it is also the default.
 */
export const TASK_TYPE_RULES = [
  {
    key: "batch-planning",
    weight: 2,
    en: [
      "(?:merge|combine|consolidate) (?:the |these |those |all |my )?(?:\\w+ )?plans?",
      "(?:multiple|several|many) plans",
    ],
    zh: ["合并计划", "合并方案", "多个计划", "多个方案", "整合计划"],
  },
  { key: "batch-planning", weight: 1, en: ["plan files", "batch(?:es)?"], zh: ["批量"] },
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
    zh: ["无用", "冗余", "废弃", "整理"],
  },
  {
    key: "discovery",
    weight: 2,
    en: [
      "discover(?:s|ed|ing|y)?",
      "audit(?:s|ed|ing)?",
      "(?:find|identify|list|spot) (?:all |any |the |potential |possible )*(?:issues|problems|bugs|risks|weaknesses)",
    ],
    zh: ["审计", "问题清单", "找出问题", "发现问题"],
  },
  {
    key: "discovery",
    weight: 1,
    en: ["scan(?:s|ned|ning)?", "triage", "issues"],
    zh: ["排查", "扫描", "隐患"],
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
  { key: "analysis", weight: 2, en: ["analy[sz](?:e|es|ed|ing|is)"], zh: ["分析"] },
  {
    key: "analysis",
    weight: 1,
    en: [
      "investigat(?:e|es|ed|ing|ion)",
      "understand(?:s|ing)?",
      "explain(?:s|ed|ing)?",
      "review(?:s|ed|ing)?",
      "assess(?:es|ed|ing|ment)?",
      "evaluat(?:e|es|ed|ing|ion)",
      "why",
      "how does",
      "how do",
      "root cause",
      "compare",
      "study",
    ],
    zh: ["调研", "研究", "评估", "理解", "解释", "审查", "为什么", "原因", "对比"],
  },
  {
    key: "feature",
    weight: 2,
    en: ["features?", "implement(?:s|ed|ing|ation)?"],
    zh: ["实现", "新功能"],
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
    ],
    zh: ["添加", "新增", "开发", "支持", "功能", "创建", "增加", "集成"],
  },
] as const satisfies readonly KeywordRule<TaskType>[];

/** Complexity rules: evidence of a large or delicate task, and of a small one. */
export const COMPLEXITY_RULES = [
  {
    key: "complex",
    weight: 1,
    en: [
      "refactor(?:s|ed|ing)?",
      "architect(?:ure|ural)?",
      "redesign(?:s|ed|ing)?",
      "migrat(?:e|es|ed|ing|ion)",
      "across",
      "multiple (?:modules|services|files|components|packages|systems)",
      "system-?wide",
      "end-to-end",
      "entire",
      "whole (?:codebase|project|system|app)",
      "complex",
      "large(?:-scale)?",
      "distributed",
      "concurren(?:t|cy)",
      "race conditions?",
      "intermittent(?:ly)?",
      "flaky",
      "performance",
      "scalab(?:le|ility)",
      "security",
      "deep(?:ly)?",
      "thorough(?:ly)?",
      "comprehensive",
    ],
    zh: [
      "重构",
      "架构",
      "迁移",
      "复杂",
      "全面",
      "整个",
      "多个模块",
      "分布式",
      "并发",
      "偶发",
      "性能",
      "安全",
      "深入",
      "彻底",
      "系统性",
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
] as const satisfies readonly KeywordRule<"complex" | "simple">[];

/** Which chain a complex intent gets, and when the intent counts as complex structurally. */
export const COMPLEXITY_THRESHOLDS = {
  /** Naming this many paths or areas is itself a sign of a complex task. */
  manyScopes: 3,
  /** An intent longer than this many words counts as one more complexity signal. */
  longIntentWords: 60,
} as const;
