// `npm run bench`: bundles every bench/suites/*.bench.ts with esbuild, runs them one after the
// other, and writes bench/results.json and docs/benchmarks.md.
//   node bench/run.mjs [--quick] [--only <substring> [--update]] | --render
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const onlyIndex = args.indexOf("--only");
const only = onlyIndex >= 0 ? args[onlyIndex + 1] : undefined;
// Outside the repository: ccw finds a workspace as git does (the nearest folder upwards with
// .workflow/.codex-coordinator or .git), so a scratch project inside this checkout would be
// run as this checkout, with its sessions and its checkpoints.
const work = path.join(os.tmpdir(), `ccw-bench-${process.pid}`);
// The bundled suites stay in the checkout, where their imports of node_modules resolve.
const bundleDir = path.join(root, "bench", ".work");

// --render: write docs/benchmarks.md again from bench/results.json (after editing bench/notes.md).
if (args.includes("--render")) {
  const saved = JSON.parse(readFileSync(path.join(root, "bench", "results.json"), "utf8"));
  writeFileSync(path.join(root, "docs", "benchmarks.md"), renderMarkdown(saved));
  process.exit(0);
}

const suiteFiles = readdirSync(path.join(root, "bench", "suites"))
  .filter((name) => name.endsWith(".bench.ts"))
  .filter((name) => only === undefined || name.includes(only))
  .sort();

for (const dir of [work, bundleDir]) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
}
await build({
  entryPoints: suiteFiles.map((name) => path.join(root, "bench", "suites", name)),
  outdir: bundleDir,
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  packages: "external",
  logLevel: "warning",
  outExtension: { ".js": ".mjs" },
});

const results = [];
const broken = [];
// The load average of the machine as the run starts and ends: ratios of paired runs compare
// like with like, but a loaded machine widens their spread.
const loadAtStart = os.loadavg()[0];
async function runSuite(suite, ctx) {
  try {
    return await suite.run(ctx);
  } catch (error) {
    console.error(
      `  FAIL  suite ${suite.name} stopped: ${error instanceof Error ? error.message : error}`,
    );
    return undefined;
  }
}
for (const name of suiteFiles) {
  const file = path.join(bundleDir, name.replace(/\.ts$/, ".mjs"));
  const { suite } = await import(pathToFileURL(file).href);
  const workDir = path.join(work, suite.name);
  mkdirSync(workDir, { recursive: true });
  console.error(`bench: ${suite.name}`);
  // A suite that throws (a browser that timed out on a loaded machine, say) is reported and
  // fails the run, but the other suites' results are still written.
  const suiteResults = await runSuite(suite, {
    root,
    workDir,
    runs: quick ? 5 : 20,
    log: (message) => console.error(`  ${message}`),
  });
  if (suiteResults === undefined) {
    broken.push(suite.name);
    continue;
  }
  for (const result of suiteResults) {
    console.error(
      result.target === null
        ? `  info  ${result.id}: ${result.ratio.median} (information only)`
        : `  ${result.pass ? "pass" : "FAIL"}  ${result.id}: ${result.ratio.median} (target <= ${result.target.max})`,
    );
    results.push(result);
  }
}
for (const dir of [work, bundleDir]) rmSync(dir, { recursive: true, force: true });

const cpus = os.cpus();
const machine = {
  cpu: cpus[0]?.model ?? "unknown",
  cores: cpus.length,
  memory_gib: Math.round(os.totalmem() / 2 ** 30),
  os: `${os.type()} ${os.release()} ${os.arch()}`,
  node: process.version,
  load: { start: Number(loadAtStart.toFixed(2)), end: Number(os.loadavg()[0].toFixed(2)) },
};
const report = { machine, quick, results, broken };
if (only === undefined) {
  writeFileSync(path.join(root, "bench", "results.json"), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(path.join(root, "docs", "benchmarks.md"), renderMarkdown(report));
} else if (args.includes("--update")) {
  // `--only <suite> --update`: this run's rows replace (or join) theirs in the committed report.
  const file = path.join(root, "bench", "results.json");
  const previous = JSON.parse(readFileSync(file, "utf8"));
  const fresh = new Map(results.map((result) => [result.id, result]));
  const merged = previous.results.map((result) => fresh.get(result.id) ?? result);
  for (const result of results)
    if (!previous.results.some((r) => r.id === result.id)) merged.push(result);
  const updated = { ...previous, results: merged };
  writeFileSync(file, `${JSON.stringify(updated, null, 2)}\n`);
  writeFileSync(path.join(root, "docs", "benchmarks.md"), renderMarkdown(updated));
}
const targeted = results.filter((r) => r.target !== null);
const failed = targeted.filter((r) => !r.pass);
console.error(`bench: ${targeted.length - failed.length}/${targeted.length} within target`);
if (broken.length > 0) console.error(`bench: suites that stopped: ${broken.join(", ")}`);
process.exitCode = failed.length === 0 && broken.length === 0 ? 0 : 1;

function renderMarkdown({ machine, quick, results, broken = [] }) {
  const lines = [
    "# Benchmarks",
    "",
    "Generated by `npm run bench` (bench/run.mjs); do not edit by hand. Every row measures two",
    "sides alternately in one run and reports subject / baseline; the targets are ratios. One row,",
    "checkpoint-10k-budget, divides by a fixed time (the 300 ms a checkpoint may cost in a",
    "10,000-file repository, a limit the feature was given); no other absolute time is a target.",
    "The milliseconds are medians, for orientation only. Every",
    "side runs without NODE_EXTRA_CA_CERTS (bench/kit.ts, benchEnv): it adds the same ~40 ms to",
    "each Node start-up on the machine below, which would make every ratio look better.",
    "",
    "Baselines. Rows against Codex use the NATIVE Codex binary, found the way ccw finds it",
    "(tools/codex/codex-launch.ts) and run directly with the same argv and stdin: ccw skips",
    "Codex's npm launcher (a Node script that starts the native binary), so a launcher baseline",
    "would credit ccw with a Node start-up it never pays. The launcher row is kept for",
    "information only. The 4-step chain is measured twice: against 4 native `codex exec` runs",
    "of the prompts the chain expanded (the real cost next to Codex), and against 4 runs of a",
    "fake Codex that answers at once (ccw's own overhead, magnified). `node -e 0` is the",
    "baseline of commands that do not start Codex (hooks, listings): a Node process can start",
    "no faster. The floor rows (a bare Node parent that only spawns) show the least any Node",
    "wrapper costs; a target below its floor cannot be met by any Node program.",
    "",
    "Load. The machine these numbers come from is shared; its one-minute load average is given",
    "below as the run started and ended. The ratios of paired runs compare like with like under",
    "any load, but a loaded machine widens their spread, and the absolute milliseconds then",
    "mean little.",
    "",
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memory_gib} GiB, ${machine.os}, Node ${machine.node}${quick ? " (quick run: 5 pairs)" : ""}${machine.load ? `; load average ${machine.load.start} at the start, ${machine.load.end} at the end` : ""}.`,
    "",
    "| benchmark | what | baseline | subject | median ratio | min–max | target | pass | median ms (baseline / subject) |",
    "|---|---|---|---|---|---|---|---|---|",
  ];
  for (const r of results) {
    lines.push(
      `| ${r.id} | ${r.what} | ${r.baseline} | ${r.subject} | ${r.ratio.median} | ${r.ratio.min}–${r.ratio.max} | ${r.target === null ? "none" : `<= ${r.target.max}`} | ${r.pass === null ? "information only" : r.pass ? "yes" : "**no**"} | ${r.medianMs.baseline} / ${r.medianMs.subject} |`,
    );
  }
  if (broken.length > 0) {
    lines.push("", `Suites that stopped before giving results in this run: ${broken.join(", ")}.`);
  }
  // What the table cannot say (profiles, ratios before and after a change), kept by hand.
  const notes = path.join(root, "bench", "notes.md");
  if (existsSync(notes)) lines.push("", readFileSync(notes, "utf8").trimEnd());
  return `${lines.join("\n")}\n`;
}
