/**
 * `ccw view` in a real browser: the system's Chromium on a workspace where chains run with the
 * real Codex CLI against the scripted model server. With CCW_SCREENSHOTS=<folder> it also saves
 * a screenshot of each page there (`npm run screenshots` writes docs/images/).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { afterEach, describe, expect, it } from "vitest";
import { DEMO_INTENT, demoScript } from "../../ccw/src/demo/demo-script.js";
import { type Browser, launchChromium } from "../helpers/browser.js";
import { CCW_BIN, type CodexE2E, REPO_ROOT } from "../helpers/codex-e2e.js";
import {
  readState,
  sessionIdIn,
  startCoordinatorE2E,
  waitFor,
} from "../helpers/coordinator-e2e.js";

const SHOTS = process.env.CCW_SCREENSHOTS
  ? path.resolve(REPO_ROOT, process.env.CCW_SCREENSHOTS)
  : undefined;

let world: CodexE2E | undefined;
let browser: Browser | undefined;
const children: ChildProcess[] = [];
afterEach(async () => {
  await browser?.close();
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill("SIGTERM");
  await world?.close();
  world = undefined;
  browser = undefined;
});

/** The demo's two steps, and a cleanup step that takes long enough to be aborted. */
function script() {
  const demo = demoScript();
  return {
    ...demo,
    rules: [
      {
        name: "clean",
        match: { regex: "(/\\S*?/steps/01-clean/artifacts)" },
        reply: [{ command: "sleep 45" }, { text: "STATUS: ok" }],
      },
      ...(demo.rules ?? []),
    ],
  };
}

/** Runs the built ccw in the world's workspace; resolves with its output when it ends. */
function ccw(w: CodexE2E, args: readonly string[]) {
  const child = spawn(process.execPath, [CCW_BIN, ...args], {
    cwd: w.workspace,
    env: w.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.push(child);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on("close", (code) => resolve({ code, stdout, stderr })),
  );
  return { child, done, output: () => stdout };
}

async function shot(page: Page, name: string) {
  if (!SHOTS) return;
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, name), fullPage: true });
}

describe("ccw view in Chromium", () => {
  it("shows a chain running live, its plan, and resumes and aborts from the page", async () => {
    world = await startCoordinatorE2E(script());
    const w = world;
    const view = ccw(w, ["view", "--no-open", "--json"]);
    const { url } = await waitFor(
      () => {
        const line = view.output().split("\n")[0];
        return line ? (JSON.parse(line) as { url: string }) : undefined;
      },
      20_000,
      "ccw view's URL",
    );
    browser = await launchChromium();
    const page = await browser.context.newPage();
    const problems: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error") problems.push(`console: ${message.text()}`);
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));

    await page.goto(url);
    await page.getByText("No coordinator sessions in this workspace yet").waitFor();
    expect(new URL(page.url()).search).toBe(""); // the token left the address bar for a cookie
    // A mark on the page's global object: a reload would lose it.
    await page.evaluate("globalThis.loadedOnce = true");

    // A chain starts: its session appears, and its steps complete, without a reload.
    const chain = ccw(w, [
      "coordinator",
      "codex",
      DEMO_INTENT,
      "--chain",
      "quick-implementation",
      "--yes",
      "--codex-bin",
      w.bin,
      "--max-retries",
      "0",
    ]);
    const row = page.locator(".session-row").first();
    await row.waitFor({ timeout: 20_000 });
    const id = (await row.getAttribute("data-session")) ?? "";
    await row.locator("a.session-link").click();
    await page.locator("#session-status").waitFor();
    await page.locator('.activity .item[data-kind="command"]').first().waitFor({ timeout: 60_000 });
    await shot(page, "view-session-running.png");
    const step = (n: number) => page.locator(`li.step[data-step="${n}"]`);
    await expect
      .poll(() => step(0).getAttribute("data-status"), { timeout: 60_000 })
      .toBe("completed");
    await expect
      .poll(() => step(1).getAttribute("data-status"), { timeout: 60_000 })
      .toBe("completed");
    await expect
      .poll(() => page.locator("#session-status").textContent(), { timeout: 20_000 })
      .toBe("completed");
    expect((await chain.done).code).toBe(0);
    expect(await page.evaluate("globalThis.loadedOnce")).toBe(true);

    // Step 1's plan.md, rendered.
    await step(0).locator("a").click();
    const plan = page.locator('article.file[data-path$="artifacts/plan.md"]');
    await plan.waitFor({ timeout: 20_000 });
    expect(await plan.locator(".markdown h2").first().textContent()).toBe(`Plan: ${DEMO_INTENT}`);
    expect(await plan.locator(".markdown ol li").count()).toBe(2);
    // Verified steps: the step's contract check passed, and plan.json matches its shape.
    await page
      .locator('.attempt .check[data-kind="contract"][data-outcome="passed"]')
      .first()
      .waitFor();
    await page.locator('a[data-file$="artifacts/plan.json"]').click();
    await page.locator('article.file[data-path$="plan.json"] .validation.valid').waitFor();
    await page.locator('article.file[data-path$="plan.json"] .contract.passed').waitFor();
    await page.locator('a[data-file$="artifacts/plan.md"]').click();
    await plan.waitFor();
    await shot(page, "view-session.png");

    // Step 2's diff from its checkpoints, then the workspace restored to before step 2.
    await step(1).locator("a").click();
    const files = page.locator(".step-changes .diff-files li");
    await files.first().waitFor({ timeout: 20_000 });
    expect(await files.allTextContents()).toEqual(
      expect.arrayContaining([expect.stringMatching(/^added src\/greet\.js \+\d+ −0$/)]),
    );
    await page.locator(".step-changes .patch .line.add").first().waitFor();
    await shot(page, "view-diff.png");
    expect(existsSync(path.join(w.workspace, "src", "greet.js"))).toBe(true);
    await page.locator('.step-changes button.restore[data-when="before"]').click();
    await page.locator("dialog.confirm").getByText("src/greet.js").waitFor();
    await page.locator("dialog.confirm .confirm-button").click();
    await page
      .locator(".step-changes .notice .info")
      .getByText("Restored")
      .waitFor({ timeout: 20_000 });
    expect(existsSync(path.join(w.workspace, "src", "greet.js"))).toBe(false);

    // A planned session: resume it from the page, then abort it while Codex works.
    const planned = await ccw(w, [
      "coordinator",
      "codex",
      "Clean up the dead code",
      "--chain",
      "cleanup",
      "--plan-only",
      "--codex-bin",
      w.bin,
    ]).done;
    const second = sessionIdIn(planned.stderr);
    await page.goto(`${new URL(url).origin}/#/`);
    await page.locator(`.session-row[data-session="${second}"]`).waitFor();
    await shot(page, "view-sessions.png");
    await page.locator(`.session-row[data-session="${second}"] a.session-link`).click();
    await expect.poll(() => page.locator("#session-status").textContent()).toBe("planned");
    await page.locator("#resume").click();
    await page.locator("dialog.confirm").waitFor();
    await shot(page, "view-confirm.png");
    await page.locator("dialog.confirm .confirm-button").click();
    await expect
      .poll(() => page.locator("#session-status").textContent(), { timeout: 30_000 })
      .toBe("running");
    await page
      .locator('.activity .item[data-kind="command"]')
      .filter({ hasText: "sleep 45" })
      .waitFor({ timeout: 60_000 });
    await page.locator("#abort").click();
    await page.locator("dialog.confirm .confirm-button").click();
    await expect
      .poll(() => page.locator("#session-status").textContent(), { timeout: 40_000 })
      .toBe("aborted");
    expect(readState(w.workspace, second).status).toBe("aborted");
    expect(readState(w.workspace, id).status).toBe("completed");

    expect(problems).toEqual([]);
    view.child.kill("SIGINT");
    const ended = await view.done;
    expect(ended.code).toBe(0);
    expect(ended.stderr).toContain("ccw view: stopped.");
  }, 240_000);
});
