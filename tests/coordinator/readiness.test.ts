import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { checkReadiness } from "../../ccw/src/coordinator/readiness.js";
import { REPO_ROOT } from "../helpers/codex-e2e.js";

function world() {
  const root = mkdtempSync(path.join(os.tmpdir(), "ccw-ready-"));
  const workspace = path.join(root, "ws");
  const codexHome = path.join(root, "codex-home");
  mkdirSync(workspace);
  mkdirSync(codexHome);
  return { root, workspace, codexHome };
}

const byName = async (options: Parameters<typeof checkReadiness>[0]) =>
  Object.fromEntries((await checkReadiness(options)).map((check) => [check.name, check]));

describe("ccw doctor: what a run needs", () => {
  it("no login, no key, no provider, no prompt pack: two warnings that say what to do", async () => {
    const { workspace, codexHome } = world();
    const checks = await byName({ workspace, codexHome, env: {} });
    expect(checks.login).toMatchObject({ ok: false, severity: "warning" });
    expect(checks.login?.detail).toContain("codex login");
    expect(checks["prompt-pack"]).toMatchObject({ ok: false });
    expect(checks["prompt-pack"]?.detail).toContain("ccw workflow install --codex");
    expect(checks.workspace).toMatchObject({ ok: true });
  });

  it.each([
    ["an API key", { OPENAI_API_KEY: "sk-x" }, undefined, "API key in OPENAI_API_KEY"],
    ["a login", {}, { file: "auth.json", text: '{"tokens":{}}' }, "logged in"],
    [
      "a model provider",
      {},
      { file: "config.toml", text: 'model_provider = "mock"\n' },
      "model provider mock",
    ],
  ])("login is satisfied by %s", async (_about, env, file, detail) => {
    const { workspace, codexHome } = world();
    if (file) writeFileSync(path.join(codexHome, file.file), file.text);
    const checks = await byName({ workspace, codexHome, env });
    expect(checks.login).toMatchObject({ ok: true });
    expect(checks.login?.detail).toContain(detail);
  });

  it("the installed pack satisfies the prompt check", async () => {
    const { workspace, codexHome } = world();
    cpSync(path.join(REPO_ROOT, ".codex", "prompts"), path.join(codexHome, "prompts"), {
      recursive: true,
    });
    expect((await byName({ workspace, codexHome, env: {} }))["prompt-pack"]).toMatchObject({
      ok: true,
    });
  });
});
