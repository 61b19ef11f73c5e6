import { describe, expect, it } from "vitest";
import { analyzeIntent, extractScope } from "../../ccw/src/coordinator/analyze.js";
import { TASK_TYPES } from "../../ccw/src/coordinator/keyword-rules.js";

/** [intent, task type, complexity] — several per task type, English and Chinese. */
const INTENTS: ReadonlyArray<readonly [string, string, string]> = [
  // bugfix
  ["Fix the login timeout bug in src/auth", "bugfix", "medium"],
  ["The checkout page crashes when the cart is empty", "bugfix", "medium"],
  ["Fix a typo in the README error message", "bugfix", "simple"],
  ["Debug the intermittent race condition in the job scheduler", "bugfix", "complex"],
  ["npm test fails after the upgrade, repair it", "bugfix", "medium"],
  ["修复登录模块的超时问题", "bugfix", "medium"],
  ["支付接口偶发崩溃，需要调试", "bugfix", "complex"],
  ["用户上传头像时报错", "bugfix", "medium"],
  // discovery
  ["Discover issues in the payments service", "discovery", "medium"],
  ["Audit the codebase for security problems", "discovery", "complex"],
  ["Find all potential bugs in src/api and src/db", "discovery", "medium"],
  ["Scan the repo and triage open issues", "discovery", "medium"],
  ["审计整个项目，找出问题", "discovery", "complex"],
  ["排查订单服务的隐患", "discovery", "medium"],
  // analysis
  ["Analyze why the build is slow", "analysis", "medium"],
  ["Explain how does the caching layer work", "analysis", "medium"],
  ["Review the error handling in src/http/client.ts", "analysis", "medium"],
  ["Investigate the architecture of the plugin system", "analysis", "complex"],
  ["Assess the performance of the search endpoint across all services", "analysis", "complex"],
  ["分析一下用户模块的代码结构", "analysis", "medium"],
  ["评估缓存方案的性能", "analysis", "complex"],
  ["为什么这个接口这么慢？", "analysis", "medium"],
  // cleanup
  ["Clean up dead code in src/legacy", "cleanup", "medium"],
  ["Remove unused dependencies and obsolete scripts", "cleanup", "medium"],
  ["Tidy up the utils folder", "cleanup", "medium"],
  ["Cleanup across the entire monorepo, every package", "cleanup", "complex"],
  ["清理无用的配置文件", "cleanup", "medium"],
  ["删除死代码并整理目录", "cleanup", "medium"],
  // brainstorm
  ["Brainstorm ideas for onboarding new users", "brainstorm", "medium"],
  ["Come up with ideas to make the dashboard faster", "brainstorm", "medium"],
  ["Explore the options for a plugin API, thoroughly", "brainstorm", "complex"],
  ["头脑风暴一下新的推荐功能", "brainstorm", "medium"],
  ["给搜索页面想一些创意", "brainstorm", "medium"],
  // batch-planning
  ["Merge the three plans in docs/plans into one", "batch-planning", "medium"],
  ["Combine these plans and execute them", "batch-planning", "medium"],
  ["We have multiple plans for the API; consolidate them", "batch-planning", "medium"],
  ["合并多个计划文件", "batch-planning", "medium"],
  ["把这几个方案合并方案后执行", "batch-planning", "medium"],
  // feature
  ["Add rate limiting to the login API", "feature", "medium"],
  ["Implement dark mode", "feature", "medium"],
  ["Refactor the storage layer to support multiple backends", "feature", "complex"],
  ["Create a small CLI flag --verbose", "feature", "simple"],
  ["Rename the getUser helper", "feature", "simple"],
  ["实现用户注册功能", "feature", "medium"],
  ["新增导出为 CSV 的按钮", "feature", "medium"],
  ["重构整个订单系统以支持分布式部署", "feature", "complex"],
  ["Make the homepage load images lazily", "feature", "medium"],
];

describe("analyzeIntent", () => {
  it.each(INTENTS)("%s → %s, %s", (intent, taskType, complexity) => {
    const analysis = analyzeIntent(intent);
    expect({ task_type: analysis.task_type, complexity: analysis.complexity }).toEqual({
      task_type: taskType,
      complexity,
    });
  });

  it("covers every task type in both languages", () => {
    const english = (text: string) => /^[\x20-\x7e]+$/.test(text);
    for (const taskType of TASK_TYPES) {
      const mine = INTENTS.filter(([, type]) => type === taskType).map(([text]) => text);
      expect(mine.filter(english).length, taskType).toBeGreaterThanOrEqual(2);
      expect(mine.filter((text) => !english(text)).length, taskType).toBeGreaterThanOrEqual(2);
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
    expect(analyzeIntent("重构整个订单系统").signals).toEqual(["complex:重构", "complex:整个"]);
  });

  it("falls back to feature when nothing matches", () => {
    expect(analyzeIntent("Make the homepage load images lazily")).toMatchObject({
      task_type: "feature",
      signals: [],
    });
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
