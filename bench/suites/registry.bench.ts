/**
 * CodexPromptRegistry listing speed, for 1,000 and 10,000 generated prompt files:
 * - cold listing (a new registry, nothing cached) against a bare readdir + readFileSync of the
 *   same files, one after another as the registry reads them: at most 2x;
 * - warm listing (same registry, files unchanged) against the cold one: at most 0.2x;
 * - cold listing of 10,000 files against 1,000: at most 12x.
 * "Cold" means the registry's cache; the OS page cache is warm for both sides alike.
 * docs/prompts.md ("Speed") describes the files and the results.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { CodexPromptRegistry } from "../../ccw/src/tools/codex-prompt-registry.js";
import { RACY_MS } from "../../ccw/src/tools/registry/markdown-file-cache.js";
import { RegistryFiles } from "../../ccw/src/tools/registry/registry-fs.js";
import { type BenchResult, type BenchSuite, comparePaired, type Side } from "../kit.js";

const CATEGORIES = ["planning", "execution", "bugfix", "analysis"] as const;
const WORDS = ["plan", "execute", "fix", "review", "discover", "clean", "helper", "notes"] as const;

/** Writes `count` prompts: 9 in 10 in the project, the rest in the user folder. */
export function generate(root: string, count: number): { workspace: string; codexHome: string } {
  const workspace = path.join(root, "workspace");
  const codexHome = path.join(root, "codex-home");
  const projectDir = path.join(workspace, ".codex", "prompts");
  const userDir = path.join(codexHome, "prompts");
  mkdirSync(projectDir, { recursive: true });
  mkdirSync(userDir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const name = `${WORDS[i % WORDS.length]}-${String(i).padStart(5, "0")}`;
    const dir = i % 10 === 9 ? userDir : projectDir;
    writeFileSync(path.join(dir, `${name}.md`), promptText(i));
  }
  return { workspace, codexHome };
}

function promptText(i: number): string {
  const paragraph =
    "Read the task, look at the relevant files, and write what you find. Keep it short and " +
    "concrete; name files and functions. Cost estimates use $$ amounts.\n\n";
  // Bodies of 2 to 9 KB: the project's own prompts (.codex/prompts) are 6 to 9 KB.
  const body = `# Prompt ${i}\n\nTask: $TASK\nWrite into $ARTIFACT_DIR.\n\n${paragraph.repeat(12 + (i % 7) * 8)}`;
  // The mix: 1 in 5 has no frontmatter; 1 in 50 has YAML only the full parser takes (a
  // nested mapping); 2 in 25 have lists and folded text; the rest, plain `key: value` lines.
  if (i % 5 === 4) return body.replace("$TASK", "$ARGUMENTS").replace("$ARTIFACT_DIR", "$1");
  if (i % 50 === 3) {
    return `---\ndescription: Prompt ${i} with metadata\nmetadata:\n  owner: team-${i % 7}\n  since: 2024\n---\n${body}`;
  }
  if (i % 10 === 3) {
    return `---\ndescription: >-\n  Prompt ${i}, folded over\n  two lines\ntags: [plan, review]\nallowed-tools:\n  - Read\n  - Write\n---\n${body}`;
  }
  const category = i % 3 === 0 ? `category: ${CATEGORIES[i % CATEGORIES.length]}\n` : "";
  return `---\ndescription: Generated prompt ${i} for the registry benchmark\nargument-hint: TASK="<goal>" ARTIFACT_DIR=<folder>\n${category}---\n${body}`;
}

function dirsOf(tree: { workspace: string; codexHome: string }): string[] {
  return [path.join(tree.workspace, ".codex", "prompts"), path.join(tree.codexHome, "prompts")];
}

function bareRead(dirs: readonly string[]): Side {
  const files = new RegistryFiles();
  return {
    label: "readdir + readFileSync",
    run: async () => {
      const paths: string[] = [];
      for (const dir of dirs) {
        for (const entry of await files.readdir(dir)) paths.push(path.join(dir, entry.name));
      }
      for (const file of paths) readFileSync(file);
    },
  };
}

function coldListing(label: string, options: { workspace: string; codexHome: string }): Side {
  return {
    label,
    run: async () => {
      const listing = await new CodexPromptRegistry(options).list();
      if (listing.diagnostics.length > 0) throw new Error("generated prompts must be valid");
    },
  };
}

export const suite: BenchSuite = {
  name: "registry",
  async run(ctx) {
    const results: BenchResult[] = [];
    const trees = new Map<number, { workspace: string; codexHome: string }>();
    for (const count of [1_000, 10_000]) {
      trees.set(count, generate(path.join(ctx.workDir, String(count)), count));
      ctx.log(`generated ${count} prompt files`);
    }
    // The cache does not trust mtimes younger than RACY_MS (see markdown-file-cache.ts);
    // prompt files are normally older than that, so let the generated ones age first.
    await new Promise((resolve) => setTimeout(resolve, RACY_MS + 100));
    // Bring the JIT and the heap to their steady state first: otherwise whichever comparison
    // runs first pays for it (1,000 files measured 2.2 first and 1.3 after 10,000).
    for (const tree of trees.values()) {
      for (let i = 0; i < 3; i++) {
        await coldListing("warm-up", tree).run();
        await bareRead(dirsOf(tree)).run();
      }
    }
    for (const [count, tree] of trees) {
      const dirs = dirsOf(tree);
      results.push(
        await comparePaired({
          id: `registry-cold-vs-bare-${count}`,
          what: `cold listing of ${count} prompt files vs reading them`,
          baseline: bareRead(dirs),
          subject: coldListing("cold list()", tree),
          runs: ctx.runs,
          warmup: 4,
          targetMax: 2,
        }),
      );
      const warm = new CodexPromptRegistry(tree);
      await warm.list();
      results.push(
        await comparePaired({
          id: `registry-warm-vs-cold-${count}`,
          what: `warm (cached) listing of ${count} unchanged prompt files vs a cold one`,
          baseline: coldListing("cold list()", tree),
          subject: {
            label: "warm list()",
            run: async () => {
              await warm.list();
            },
          },
          runs: ctx.runs,
          warmup: 4,
          targetMax: 0.2,
        }),
      );
    }
    const small = trees.get(1_000);
    const large = trees.get(10_000);
    if (small && large) {
      results.push(
        await comparePaired({
          id: "registry-scaling-10k-vs-1k",
          what: "cold listing of 10,000 prompt files vs 1,000",
          baseline: coldListing("cold list() of 1,000", small),
          subject: coldListing("cold list() of 10,000", large),
          runs: ctx.runs,
          warmup: 4,
          targetMax: 12,
        }),
      );
    }
    return results;
  },
};
