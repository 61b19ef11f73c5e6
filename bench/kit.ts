/**
 * The benchmark kit: every benchmark compares two sides measured alternately in one run, so
 * load on the machine affects both alike. Targets are ratios, never absolute times.
 */
import { spawn } from "node:child_process";

/** One side of a comparison. */
export interface Side {
  readonly label: string;
  readonly run: () => Promise<void>;
}

/** The outcome of one comparison, as written to bench/results.json. */
export interface BenchResult {
  readonly id: string;
  readonly what: string;
  readonly baseline: string;
  readonly subject: string;
  /** subject / baseline over paired runs: the median pair's ratio and the extremes. */
  readonly ratio: { readonly median: number; readonly min: number; readonly max: number };
  /** `null` for a comparison shown for information only (a floor, say): it cannot fail. */
  readonly target: { readonly max: number } | null;
  readonly pass: boolean | null;
  readonly samples: number;
  /** Median milliseconds of each side, for the reader; never a target. */
  readonly medianMs: { readonly baseline: number; readonly subject: number };
}

/** What a suite gets from the runner. */
export interface BenchContext {
  /** The repository root. */
  readonly root: string;
  /** A scratch folder for this suite, emptied before it runs. */
  readonly workDir: string;
  /** Paired runs per comparison (smaller with --quick). */
  readonly runs: number;
  readonly log: (message: string) => void;
}

/** A file under bench/suites exports `suite`. */
export interface BenchSuite {
  readonly name: string;
  readonly run: (ctx: BenchContext) => Promise<readonly BenchResult[]>;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

async function timed(run: () => Promise<void>): Promise<number> {
  const start = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Runs both sides alternately `runs` times (after `warmup` unmeasured pairs) and compares. */
export async function comparePaired(options: {
  id: string;
  what: string;
  baseline: Side;
  subject: Side;
  runs: number;
  warmup?: number;
  /** Leave out for a comparison shown for information only. */
  targetMax?: number;
}): Promise<BenchResult> {
  const { baseline, subject } = options;
  for (let i = 0; i < (options.warmup ?? 2); i++) {
    await baseline.run();
    await subject.run();
  }
  const base: number[] = [];
  const subj: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < options.runs; i++) {
    // Alternate which side goes first so neither always runs on a warmer cache.
    const first = i % 2 === 0;
    const a = first ? await timed(baseline.run) : 0;
    const b = await timed(subject.run);
    const c = first ? a : await timed(baseline.run);
    base.push(c);
    subj.push(b);
    ratios.push(b / c);
  }
  return ratioResult(options, median(ratios), Math.min(...ratios), Math.max(...ratios), {
    baseline: median(base),
    subject: median(subj),
  });
}

/** A result from ratios computed by the suite itself (e.g. warm/cold from one series). */
export function ratioResult(
  options: {
    id: string;
    what: string;
    baseline: Side | string;
    subject: Side | string;
    runs: number;
    targetMax?: number;
  },
  medianRatio: number,
  min: number,
  max: number,
  medianMs: { baseline: number; subject: number },
): BenchResult {
  const label = (side: Side | string) => (typeof side === "string" ? side : side.label);
  return {
    id: options.id,
    what: options.what,
    baseline: label(options.baseline),
    subject: label(options.subject),
    ratio: { median: round(medianRatio), min: round(min), max: round(max) },
    target: options.targetMax === undefined ? null : { max: options.targetMax },
    pass: options.targetMax === undefined ? null : medianRatio <= options.targetMax,
    samples: options.runs,
    medianMs: { baseline: round(medianMs.baseline), subject: round(medianMs.subject) },
  };
}

const round = (value: number) => Math.round(value * 1000) / 1000;

/**
 * The environment benchmarks run in: this process's, without NODE_EXTRA_CA_CERTS. That
 * variable makes every Node start-up parse a CA bundle (about 40 ms on the machine these
 * targets were set on); nothing measured here uses TLS, and an equal extra cost on both sides
 * would only flatter the ratios.
 */
export function benchEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const { NODE_EXTRA_CA_CERTS: _ignored, ...env } = process.env;
  return { ...env, ...extra };
}

/** A side that spawns a command (no shell) and waits for it; a non-zero exit fails the bench. */
export function command(
  label: string,
  file: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {},
): Side {
  return {
    label,
    run: () =>
      new Promise((resolve, reject) => {
        const child = spawn(file, args, {
          cwd: options.cwd,
          env: options.env ?? benchEnv(),
          stdio: [options.input === undefined ? "ignore" : "pipe", "ignore", "pipe"],
        });
        let stderr = "";
        child.stderr?.on("data", (chunk: Buffer) => {
          stderr += chunk.toString();
        });
        if (options.input !== undefined) child.stdin?.end(options.input);
        child.on("error", reject);
        child.on("close", (code) => {
          if (code === 0) resolve();
          else
            reject(
              new Error(
                `${label}: ${file} ${args.join(" ")} exited ${code}: ${stderr.slice(-400)}`,
              ),
            );
        });
      }),
  };
}
