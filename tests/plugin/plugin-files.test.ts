/**
 * The repository as a Claude Code marketplace (.claude-plugin/marketplace.json) and its one
 * plugin (plugins/codex-coordinator/): the files Claude Code reads, checked against what ccw
 * itself installs, and the generated icon locked to its script.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ccwCommands, SESSION_HOOK_TIMEOUT } from "../../ccw/src/hook/claude-settings.js";
// @ts-expect-error: a plain .mjs script without types
import { drawIcon } from "../../scripts/make-plugin-icon.mjs";
import { REPO_ROOT } from "../helpers/codex-e2e.js";

const PLUGIN = path.join(REPO_ROOT, "plugins", "codex-coordinator");
const readJson = (file: string) => JSON.parse(readFileSync(file, "utf8"));

describe("the codex-coordinator plugin", () => {
  it("is the one plugin of the repository's marketplace, from its own folder", () => {
    const marketplace = readJson(path.join(REPO_ROOT, ".claude-plugin", "marketplace.json"));
    expect(marketplace.plugins).toHaveLength(1);
    expect(marketplace.plugins[0]).toMatchObject({
      name: "codex-coordinator",
      source: "./plugins/codex-coordinator",
    });
    const manifest = readJson(path.join(PLUGIN, ".claude-plugin", "plugin.json"));
    expect(manifest).toMatchObject({ name: "codex-coordinator", license: "MIT" });
    const pkg = readJson(path.join(REPO_ROOT, "package.json"));
    expect([manifest.version, marketplace.plugins[0].version]).toEqual([pkg.version, pkg.version]);
  });

  it("ships the slash command exactly as the repository's .claude/commands has it", () => {
    // A copy, not a link: Claude Code does not load a plugin command that is a symbolic link.
    expect(
      readFileSync(path.join(PLUGIN, "commands", "codex-coordinator.md"), "utf8"),
      "plugins/codex-coordinator/commands/codex-coordinator.md differs from .claude/commands/codex-coordinator.md: copy it over (cp .claude/commands/codex-coordinator.md plugins/codex-coordinator/commands/)",
    ).toBe(
      readFileSync(path.join(REPO_ROOT, ".claude", "commands", "codex-coordinator.md"), "utf8"),
    );
  });

  it("runs the same SessionStart hook that `ccw hook install` writes", () => {
    const hooks = readJson(path.join(PLUGIN, "hooks", "hooks.json")).hooks;
    expect(Object.keys(hooks)).toEqual(["SessionStart"]);
    expect(hooks.SessionStart).toEqual([
      {
        hooks: [
          { type: "command", command: ccwCommands().sessionStart, timeout: SESSION_HOOK_TIMEOUT },
        ],
      },
    ]);
  });

  it("has a README of at least 40 words and a licence", () => {
    const words = readFileSync(path.join(PLUGIN, "README.md"), "utf8").split(/\s+/).filter(Boolean);
    expect(words.length).toBeGreaterThanOrEqual(40);
    expect(readFileSync(path.join(PLUGIN, "LICENSE"), "utf8")).toMatch(/^MIT License/);
  });

  it("has a square PNG icon of 512 px, as scripts/make-plugin-icon.mjs draws it", () => {
    const icon = readFileSync(path.join(PLUGIN, "assets", "icon.png"));
    expect(icon.subarray(1, 4).toString("ascii")).toBe("PNG");
    expect([icon.readUInt32BE(16), icon.readUInt32BE(20)]).toEqual([512, 512]);
    expect(Buffer.compare(icon, drawIcon())).toBe(0);
  });
});
