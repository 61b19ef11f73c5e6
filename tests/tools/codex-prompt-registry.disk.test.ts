/** The registry on the real disk: symbolic links and watch(). */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  CodexPromptRegistry,
  type PromptChangeEvent,
} from "../../ccw/src/tools/codex-prompt-registry.js";
import { formatDiagnostic } from "../../ccw/src/tools/registry/diagnostic.js";

let root: string;
let workspace: string;
let codexHome: string;
let projectDir: string;
let userDir: string;

beforeEach(() => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "ccw-registry-")));
  workspace = path.join(root, "ws");
  codexHome = path.join(root, "codex-home");
  projectDir = path.join(workspace, ".codex", "prompts");
  userDir = path.join(codexHome, "prompts");
  fs.mkdirSync(projectDir, { recursive: true });
});

afterEach(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

describe("symbolic links", () => {
  it("reads links to files, and reports broken links and links to folders", async () => {
    fs.writeFileSync(path.join(projectDir, "real.md"), "---\ndescription: real\n---\nBody\n");
    fs.symlinkSync("real.md", path.join(projectDir, "alias.md"));
    fs.mkdirSync(path.join(root, "shared"));
    fs.writeFileSync(path.join(root, "shared", "outside.md"), "from elsewhere");
    fs.symlinkSync(path.join(root, "shared", "outside.md"), path.join(projectDir, "outside.md"));
    fs.symlinkSync("missing.md", path.join(projectDir, "broken.md"));
    fs.symlinkSync(path.join(root, "shared"), path.join(projectDir, "folder.md"));

    const listing = await new CodexPromptRegistry({ workspace, codexHome }).list();
    expect(listing.prompts.map((p) => [p.name, p.description, p.body, p.path])).toEqual([
      ["alias", "real", "Body\n", path.join(projectDir, "alias.md")],
      ["outside", undefined, "from elsewhere", path.join(projectDir, "outside.md")],
      ["real", "real", "Body\n", path.join(projectDir, "real.md")],
    ]);
    expect(listing.diagnostics.map(formatDiagnostic)).toEqual([
      `${projectDir}/broken.md: broken symbolic link: its target missing.md does not exist; fix the link or remove it`,
      `${projectDir}/folder.md: is a symbolic link to a directory (${root}/shared), not a Markdown file; only files ending in .md are read`,
    ]);
  });

  it("sees a link's target change", async () => {
    const target = path.join(root, "target.md");
    fs.writeFileSync(target, "one");
    fs.symlinkSync(target, path.join(projectDir, "linked.md"));
    const registry = new CodexPromptRegistry({ workspace, codexHome });
    expect((await registry.get("linked"))?.body).toBe("one");
    fs.writeFileSync(target, "two, longer");
    expect((await registry.get("linked"))?.body).toBe("two, longer");
  });
});

describe("watch", () => {
  /** Collects events and waits for one that matches. */
  function recorder() {
    const events: PromptChangeEvent[] = [];
    const waiters: { test: (event: PromptChangeEvent) => boolean; resolve: () => void }[] = [];
    const onChange = (event: PromptChangeEvent) => {
      events.push(event);
      for (const waiter of [...waiters]) {
        if (waiter.test(event)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve();
        }
      }
    };
    const next = (test: (event: PromptChangeEvent) => boolean, what: string) =>
      new Promise<void>((resolve, reject) => {
        if (events.some(test)) return resolve();
        const timer = setTimeout(() => reject(new Error(`no ${what} event in 10 s`)), 10_000);
        waiters.push({
          test,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    return { events, onChange, next };
  }

  it("emits added, changed and removed events and keeps the cache true", async () => {
    const registry = new CodexPromptRegistry({ workspace, codexHome });
    const { events, onChange, next } = recorder();
    const watcher = await registry.watch(onChange);
    try {
      const file = path.join(projectDir, "plan.md");
      fs.writeFileSync(file, "first $TASK");
      await next((e) => e.type === "added" && e.name === "plan", "added");
      expect((await registry.get("plan"))?.body).toBe("first $TASK");

      fs.writeFileSync(file, "second version $TASK");
      await next(
        (e) => e.type === "changed" && e.prompt.body === "second version $TASK",
        "changed",
      );
      expect((await registry.get("plan"))?.body).toBe("second version $TASK");

      // The user folder does not exist yet: the watcher sees it appear.
      fs.mkdirSync(userDir, { recursive: true });
      fs.writeFileSync(path.join(userDir, "review.md"), "user review");
      await next((e) => e.type === "added" && e.name === "review", "added (user)");

      fs.writeFileSync(path.join(projectDir, "review.md"), "project review");
      await next(
        (e) => e.type === "changed" && e.name === "review" && e.prompt.source === "project",
        "changed (shadowed)",
      );
      const review = await registry.get("review");
      expect(review?.shadows).toBe(path.join(userDir, "review.md"));

      fs.writeFileSync(path.join(projectDir, "Bad.md"), "x");
      await next((e) => e.type === "diagnostics" && e.diagnostics.length === 1, "diagnostics");

      fs.unlinkSync(file);
      await next((e) => e.type === "removed" && e.name === "plan", "removed");
      expect(await registry.get("plan")).toBeUndefined();
      expect(events.filter((e) => e.type === "error")).toEqual([]);
    } finally {
      await watcher.close();
    }
  });

  it("stops after close()", async () => {
    const registry = new CodexPromptRegistry({ workspace, codexHome });
    const { events, onChange } = recorder();
    const watcher = await registry.watch(onChange);
    await watcher.close();
    fs.writeFileSync(path.join(projectDir, "late.md"), "late");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(events).toEqual([]);
    // The registry itself still works after its watcher is closed.
    expect((await registry.get("late"))?.body).toBe("late");
  });
});
