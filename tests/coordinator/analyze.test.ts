import { describe, expect, it } from "vitest";
import {
  analyzeIntent,
  countParts,
  extractScope,
  type IntentAnalysis,
  leadingLiterals,
} from "../../ccw/src/coordinator/analyze.js";
import {
  COMPLEXITY_RULES,
  type Complexity,
  type KeywordRule,
  TASK_TYPE_RULES,
  TASK_TYPES,
  type TaskType,
} from "../../ccw/src/coordinator/keyword-rules.js";
import { routeIntent } from "../../ccw/src/coordinator/routing.js";
import { findUnit } from "../../ccw/src/coordinator/units.js";

/**
 * [intent, task type, complexity, recommended chain] — at least eight per task type, English
 * and Chinese. The chain is the units of the recommendation, with its depth when it is deep.
 */
const INTENTS: ReadonlyArray<readonly [string, TaskType, Complexity, string]> = [
  // bugfix
  ["Users get a 500 error when the avatar is larger than 2MB", "bugfix", "medium", "bug-fix"],
  ["修复购物车数量显示错误的问题", "bugfix", "medium", "bug-fix"],
  ["导出报表时程序崩溃了", "bugfix", "medium", "bug-fix"],
  ["Fix the login timeout bug in src/auth", "bugfix", "medium", "bug-fix"],
  ["The checkout page crashes when the cart is empty", "bugfix", "medium", "bug-fix"],
  ["Fix a typo in the error message of src/cli.ts", "bugfix", "simple", "bug-fix"],
  [
    "Debug the intermittent race condition in the job scheduler",
    "bugfix",
    "complex",
    "debug-with-file",
  ],
  ["npm test fails after the upgrade, repair it", "bugfix", "medium", "bug-fix"],
  [
    "Fix the memory leak in the websocket server and the session cache",
    "bugfix",
    "medium",
    "bug-fix",
  ],
  ["Login is broken on Safari, please fix it", "bugfix", "medium", "bug-fix"],
  ["Look at the login bug and fix it", "bugfix", "medium", "bug-fix"],
  ["The export job hangs forever on large files", "bugfix", "complex", "debug-with-file"],
  ["修复登录模块的超时问题", "bugfix", "medium", "bug-fix"],
  ["支付接口偶发崩溃，需要调试", "bugfix", "complex", "debug-with-file"],
  ["用户上传头像时报错", "bugfix", "medium", "bug-fix"],
  // discovery
  ["Find security vulnerabilities in the upload handler", "discovery", "complex", "issue-workflow"],
  ["List the potential problems in our caching code", "discovery", "medium", "issue-workflow"],
  ["找出支付模块中可能的问题", "discovery", "medium", "issue-workflow"],
  ["扫描项目中的安全隐患", "discovery", "complex", "issue-workflow"],
  ["Discover issues in the payments service", "discovery", "medium", "issue-workflow"],
  ["Audit the codebase for security problems", "discovery", "complex", "issue-workflow"],
  ["Find all potential bugs in src/api and src/db", "discovery", "medium", "issue-workflow"],
  ["Scan the repo and triage open issues", "discovery", "medium", "issue-workflow"],
  ["Identify the risks in our deployment scripts", "discovery", "medium", "issue-workflow"],
  ["Audit the whole repository for leaked secrets", "discovery", "complex", "issue-workflow"],
  ["审计整个项目，找出问题", "discovery", "complex", "issue-workflow"],
  ["排查订单服务的隐患", "discovery", "medium", "issue-workflow"],
  ["扫描一下项目里的隐患并列出问题清单", "discovery", "medium", "issue-workflow"],
  // analysis
  ["How does authentication work in this project?", "analysis", "medium", "analyze-with-file"],
  ["Why is the dashboard query so slow?", "analysis", "medium", "analyze-with-file"],
  ["分析这个项目的依赖关系", "analysis", "medium", "analyze-with-file"],
  ["解释一下这段代码的作用", "analysis", "medium", "analyze-with-file"],
  ["Analyze why the build is slow", "analysis", "medium", "analyze-with-file"],
  ["Explain how the caching layer works", "analysis", "medium", "analyze-with-file"],
  [
    "Investigate the architecture of the plugin system",
    "analysis",
    "complex",
    "analyze-with-file (deep)",
  ],
  [
    "Assess the performance of the search endpoint across all services",
    "analysis",
    "complex",
    "analyze-with-file (deep)",
  ],
  [
    "How does the retry logic in src/queue/worker.ts work?",
    "analysis",
    "medium",
    "analyze-with-file",
  ],
  ["Compare the two serialization approaches we use", "analysis", "medium", "analyze-with-file"],
  ["分析一下用户模块的代码结构", "analysis", "medium", "analyze-with-file"],
  ["评估缓存方案的性能", "analysis", "complex", "analyze-with-file (deep)"],
  ["为什么这个接口这么慢？", "analysis", "medium", "analyze-with-file"],
  ["解释一下鉴权流程的原理", "analysis", "medium", "analyze-with-file"],
  // cleanup
  ["Remove the unused CSS classes", "cleanup", "medium", "cleanup"],
  ["Get rid of dead code in the old payment module", "cleanup", "medium", "cleanup"],
  ["清理项目里的临时文件", "cleanup", "medium", "cleanup"],
  ["删除没用的依赖", "cleanup", "medium", "cleanup"],
  ["Clean up dead code in src/legacy", "cleanup", "medium", "cleanup"],
  ["Remove unused dependencies and obsolete scripts", "cleanup", "medium", "cleanup"],
  ["Tidy up the utils folder", "cleanup", "medium", "cleanup"],
  ["Cleanup across the entire monorepo, every package", "cleanup", "complex", "clean-and-analyze"],
  ["Prune stale feature flags from the config", "cleanup", "medium", "cleanup"],
  ["清理无用的配置文件", "cleanup", "medium", "cleanup"],
  ["删除死代码并整理目录", "cleanup", "medium", "cleanup"],
  ["清理一下废弃的脚本", "cleanup", "medium", "cleanup"],
  // brainstorm
  [
    "Give me some ideas for improving the search UX",
    "brainstorm",
    "medium",
    "brainstorm-to-execution",
  ],
  ["Brainstorm ways to cut our cloud bill", "brainstorm", "medium", "brainstorm-to-execution"],
  ["想一些提升用户留存的点子", "brainstorm", "medium", "brainstorm-to-execution"],
  ["头脑风暴：如何重新设计设置页面", "brainstorm", "medium", "brainstorm-to-execution"],
  ["Brainstorm ideas for onboarding new users", "brainstorm", "medium", "brainstorm-to-execution"],
  [
    "Come up with ideas to make the dashboard faster",
    "brainstorm",
    "medium",
    "brainstorm-to-execution",
  ],
  [
    "Explore the options for a plugin API, thoroughly",
    "brainstorm",
    "complex",
    "brainstorm-to-execution (deep)",
  ],
  ["Brainstorm names for the new CLI", "brainstorm", "medium", "brainstorm-to-execution"],
  [
    "What could we do to reduce churn? Give me ideas",
    "brainstorm",
    "medium",
    "brainstorm-to-execution",
  ],
  ["头脑风暴一下新的推荐功能", "brainstorm", "medium", "brainstorm-to-execution"],
  ["给搜索页面想一些创意", "brainstorm", "medium", "brainstorm-to-execution"],
  ["有什么点子可以提升注册转化率", "brainstorm", "medium", "brainstorm-to-execution"],
  // batch-planning
  [
    "Merge the frontend and backend plans into a single plan",
    "batch-planning",
    "simple",
    "merge-plans",
  ],
  ["Consolidate all plans under docs/roadmap", "batch-planning", "medium", "merge-plans"],
  ["把这三个计划合并成一个", "batch-planning", "medium", "merge-plans"],
  ["批量执行这些计划文件", "batch-planning", "medium", "merge-plans"],
  ["Merge the three plans in docs/plans into one", "batch-planning", "medium", "merge-plans"],
  ["Combine these plans and execute them", "batch-planning", "medium", "merge-plans"],
  [
    "We have multiple plans for the API; consolidate them",
    "batch-planning",
    "medium",
    "merge-plans",
  ],
  [
    "Merge my plans for the billing rewrite and run them",
    "batch-planning",
    "medium",
    "merge-plans",
  ],
  [
    "Batch the plan files in .workflow/plans into a single plan",
    "batch-planning",
    "simple",
    "merge-plans",
  ],
  ["合并多个计划文件", "batch-planning", "medium", "merge-plans"],
  ["把这几个方案合并方案后执行", "batch-planning", "medium", "merge-plans"],
  ["整合计划并执行", "batch-planning", "medium", "merge-plans"],
  // review
  ["Look over my latest commit", "review", "medium", "review"],
  ["Can you review this PR for me?", "review", "medium", "review"],
  ["帮我检查一下这段代码", "review", "medium", "review"],
  ["看一下 src/app.ts 有什么问题", "review", "medium", "review"],
  ["Review my code", "review", "medium", "review"],
  ["Take a look at why login crashes", "review", "medium", "review"],
  ["Do a code review of the last commit", "review", "medium", "review"],
  [
    "Can you take a look at the changes in src/router.ts and tell me what's wrong?",
    "review",
    "medium",
    "review",
  ],
  [
    "Check my pull request for security problems before I merge it",
    "review",
    "complex",
    "review (deep)",
  ],
  ["Review the error handling in src/http/client.ts", "review", "medium", "review"],
  ["Take a quick look at my uncommitted changes", "review", "simple", "review"],
  ["Look over the diff between main and my branch", "review", "medium", "review"],
  ["Give me a second opinion on src/payments before I merge", "review", "medium", "review"],
  ["Review the whole repository thoroughly", "review", "complex", "review (deep)"],
  ["帮我看看代码", "review", "medium", "review"],
  ["检查一下登录模块有没有问题", "review", "medium", "review"],
  ["帮我审查最近一次提交", "review", "medium", "review"],
  ["瞧瞧 src/router.ts 哪里不对", "review", "medium", "review"],
  // test
  ["Add unit tests for the parser", "test", "medium", "write-tests"],
  ["Increase coverage for src/utils", "test", "medium", "write-tests"],
  ["为登录功能写单元测试", "test", "medium", "write-tests"],
  ["给 utils 目录补充测试", "test", "medium", "write-tests"],
  ["Write unit tests for src/utils/date.ts", "test", "medium", "write-tests"],
  ["Cover the parser with unit tests", "test", "medium", "write-tests"],
  ["Add tests for the config loader", "test", "medium", "write-tests"],
  ["Improve test coverage of src/parser", "test", "medium", "write-tests"],
  [
    "Write integration tests for the payments service and the billing module",
    "test",
    "medium",
    "write-tests",
  ],
  ["The retry helper is untested; cover it", "test", "medium", "write-tests"],
  [
    "Add regression tests for every endpoint across the API",
    "test",
    "complex",
    "write-tests (deep)",
  ],
  ["给 src/parser 补充单元测试", "test", "medium", "write-tests"],
  ["为订单服务写测试用例", "test", "medium", "write-tests"],
  ["提高整个项目的测试覆盖率", "test", "complex", "write-tests (deep)"],
  // docs
  ["Write a README for this project", "docs", "medium", "write-docs"],
  ["Document the public API of src/sdk", "docs", "medium", "write-docs"],
  ["给这个项目写一个 README", "docs", "medium", "write-docs"],
  ["为 API 接口补充文档", "docs", "medium", "write-docs"],
  ["Document the auth module in README.md", "docs", "medium", "write-docs"],
  ["Update the README with the new install steps", "docs", "medium", "write-docs"],
  ["Add JSDoc comments to the public functions in src/api.ts", "docs", "medium", "write-docs"],
  ["Write documentation for the CLI options", "docs", "medium", "write-docs"],
  ["Add docstrings to every module of the package", "docs", "complex", "write-docs (deep)"],
  ["Write a usage guide for the plugin API in docs/plugins.md", "docs", "medium", "write-docs"],
  ["为鉴权模块编写文档", "docs", "medium", "write-docs"],
  ["给 src/utils 的函数补充注释", "docs", "medium", "write-docs"],
  ["更新 README 的安装说明", "docs", "medium", "write-docs"],
  // feature
  ["Add pagination to the users list", "feature", "medium", "quick-implementation"],
  ["Support exporting reports as PDF", "feature", "medium", "quick-implementation"],
  ["给用户列表增加分页", "feature", "medium", "quick-implementation"],
  ["实现深色模式", "feature", "medium", "quick-implementation"],
  ["Add rate limiting to the login API", "feature", "medium", "quick-implementation"],
  ["Implement dark mode", "feature", "medium", "quick-implementation"],
  [
    "Add a greet(name) function in src/greet.js that returns a greeting, with a unit test",
    "feature",
    "medium",
    "quick-implementation",
  ],
  ["新增导出 CSV 的接口并补充测试", "feature", "medium", "quick-implementation"],
  ["Add a test command to package.json", "feature", "medium", "quick-implementation"],
  [
    "Refactor the storage layer to support multiple backends",
    "feature",
    "complex",
    "complex-planning",
  ],
  ["Create a small CLI flag --verbose", "feature", "simple", "quick-implementation"],
  ["Rename the getUser helper", "feature", "simple", "quick-implementation"],
  [
    "Refactor src/auth.js to use a class and strict equality",
    "feature",
    "medium",
    "quick-implementation",
  ],
  [
    "Build a complete OAuth2 login system with Google and GitHub providers, refresh tokens, database migrations and an admin UI",
    "feature",
    "complex",
    "complex-planning",
  ],
  ["Make the homepage load images lazily", "feature", "medium", "quick-implementation"],
  ["实现用户注册功能", "feature", "medium", "quick-implementation"],
  ["新增导出为 CSV 的按钮", "feature", "medium", "quick-implementation"],
  ["重构整个订单系统以支持分布式部署", "feature", "complex", "complex-planning"],
  ["Dark mode for the settings page", "feature", "medium", "quick-implementation"],
  ["Hello there", "feature", "medium", "quick-implementation"],
];

const chainOf = (analysis: IntentAnalysis) => {
  const { units, depth } = routeIntent(analysis).recommended;
  return `${units.join(" → ")}${depth === "deep" ? " (deep)" : ""}`;
};

describe("analyzeIntent", () => {
  it.each(INTENTS)("%s → %s, %s, %s", (intent, taskType, complexity, chain) => {
    const analysis = analyzeIntent(intent);
    expect({
      task_type: analysis.task_type,
      complexity: analysis.complexity,
      chain: chainOf(analysis),
    }).toEqual({ task_type: taskType, complexity, chain });
  });

  it("covers every task type, at least eight intents each, in both languages", () => {
    const english = (text: string) => /^[\x20-\x7e]+$/.test(text);
    expect(INTENTS.length).toBeGreaterThanOrEqual(80);
    for (const taskType of TASK_TYPES) {
      const mine = INTENTS.filter(([, type]) => type === taskType).map(([text]) => text);
      expect(mine.length, taskType).toBeGreaterThanOrEqual(8);
      expect(mine.filter(english).length, taskType).toBeGreaterThanOrEqual(2);
      expect(mine.filter((text) => !english(text)).length, taskType).toBeGreaterThanOrEqual(2);
    }
  });

  it("never gives a request to look a chain that changes the project", () => {
    const looking = INTENTS.filter(([, type]) => type === "review" || type === "analysis");
    for (const [intent] of looking) {
      const { units } = routeIntent(analyzeIntent(intent)).recommended;
      for (const unit of units) expect(findUnit(unit)?.edits, `${intent}: ${unit}`).toBe("none");
    }
  });

  it("records the words that decided it", () => {
    expect(analyzeIntent("Fix the login timeout bug in src/auth")).toEqual({
      goal: "Fix the login timeout bug in src/auth",
      scope: ["src/auth"],
      complexity: "medium",
      task_type: "bugfix",
      signals: ["bugfix:fix", "bugfix:bug", "bugfix:timeout"],
    });
    expect(analyzeIntent("重构整个订单系统").signals).toEqual([
      "feature:重构",
      "complex:重构",
      "complex:整个",
    ]);
  });

  it("falls back to feature when nothing matches, and says it only assumed it", () => {
    expect(analyzeIntent("Dark mode for the settings page")).toEqual({
      goal: "Dark mode for the settings page",
      scope: ["settings page"],
      complexity: "medium",
      task_type: "feature",
      signals: [],
      assumed: true,
    });
    expect(analyzeIntent("Implement dark mode")).not.toHaveProperty("assumed");
  });

  it("limits a request naming one file to medium, unless it says the task is big", () => {
    expect(analyzeIntent("Refactor src/auth.js to use a class and strict equality")).toMatchObject({
      complexity: "medium",
      signals: ["feature:refactor", "medium:one file"],
    });
    expect(analyzeIntent("Refactor src/auth.js thoroughly").complexity).toBe("complex");
    expect(analyzeIntent("Refactor src/auth").complexity).toBe("complex");
  });

  it("counts the parts an intent names as a complexity signal", () => {
    const analysis = analyzeIntent(
      "Build a login system with Google and GitHub providers, refresh tokens and an admin UI",
    );
    expect(analysis.complexity).toBe("complex");
    expect(analysis.signals).toContain("complex:4 parts");
    expect(analyzeIntent("Add Google and GitHub login").complexity).toBe("medium");
  });

  it("reads words inside paths as places, not as the task", () => {
    expect(analyzeIntent("Speed up src/review/render.ts").task_type).toBe("feature");
  });

  it("normalizes whitespace in the goal", () => {
    expect(analyzeIntent("  Fix\n the   bug \t").goal).toBe("Fix the bug");
  });

  it("counts many named paths as a complexity signal", () => {
    const analysis = analyzeIntent("Add logging to src/a.ts, src/b.ts and lib/c");
    expect(analysis.complexity).toBe("complex");
    expect(analysis.signals).toContain("complex:3 scopes");
  });
});

describe("the keyword rules", () => {
  it("are written in lower case (they are matched against the lower-cased intent)", () => {
    const rules: readonly KeywordRule<string>[] = [...TASK_TYPE_RULES, ...COMPLEXITY_RULES];
    const terms = rules.flatMap((rule) => rule.en ?? []);
    expect(terms.filter((term) => /[A-Z]/.test(term.replace(/\\./g, "")))).toEqual([]);
    expect(analyzeIntent("REVIEW MY PR").task_type).toBe("review");
  });
});

describe("leadingLiterals (a rule whose starts are absent from the intent is skipped)", () => {
  it.each([
    ["review(?:s|ed|ing)?", ["review"]],
    ["tests?", ["test"]],
    ["system-?wide", ["system"]],
    ["what'?s wrong", ["what"]],
    ["pull requests?", ["pull request"]],
    ["(?:take|have|get) a (?:quick )?look", ["take", "have", "get"]],
    ["(?:unit|e2e)? tests", undefined],
    ["(?:a|the) complete", undefined],
    ["\\bfoo", undefined],
    ["x?y", undefined],
  ])("%s → %j", (term, starts) => {
    expect(leadingLiterals(term)).toEqual(starts);
  });

  it("exists for every term, so no rule runs on every intent", () => {
    const rules: readonly KeywordRule<string>[] = [...TASK_TYPE_RULES, ...COMPLEXITY_RULES];
    const without = rules.flatMap((rule) => rule.en ?? []).filter((t) => !leadingLiterals(t));
    expect(without).toEqual([]);
  });

  it("holds for every match of every term in the intents table", () => {
    const rules: readonly KeywordRule<string>[] = [...TASK_TYPE_RULES, ...COMPLEXITY_RULES];
    let checked = 0;
    for (const term of rules.flatMap((rule) => rule.en ?? [])) {
      const starts = leadingLiterals(term) ?? [""];
      const pattern = new RegExp(`\\b(?:${term})\\b`, "g");
      for (const [intent] of INTENTS) {
        for (const found of intent.toLowerCase().matchAll(pattern)) {
          expect(
            starts.some((start) => found[0].startsWith(start)),
            `${term}: ${found[0]}`,
          ).toBe(true);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});

describe("countParts", () => {
  it.each([
    ["Fix the bug", 1],
    ["Add logging to src/a.ts, src/b.ts and lib/c", 3],
    ["Google and GitHub providers, refresh tokens, database migrations and an admin UI", 5],
    ["Rename `a, b and c`", 1],
    ["实现登录、注册和找回密码以及短信验证", 4],
    ["Fix it, please ,", 2],
  ])("%s → %i", (text, parts) => {
    expect(countParts(text)).toBe(parts);
  });
});

describe("extractScope", () => {
  it.each([
    ["Fix src/auth/login.ts now", ["src/auth/login.ts"]],
    ["Update `config.yaml` and ./scripts/build.sh.", ["config.yaml", "./scripts/build.sh"]],
    ["Look at README.md and package.json", ["README.md", "package.json"]],
    ["Speed up the search service and the billing module", ["search service", "billing module"]],
    ["修复登录模块和auth服务", ["登录模块", "auth服务"]],
    ["Fix src/a and src/a again", ["src/a"]],
    ["Nothing named here", []],
  ])("%s → %j", (text, scope) => {
    expect(extractScope(text)).toEqual(scope);
  });
});
