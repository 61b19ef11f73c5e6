import path from "node:path";
import { fileURLToPath } from "node:url";
import { type BuildOptions, build } from "esbuild";
import bundleOptions from "../../scripts/bundle-options.json" with { type: "json" };

const root = fileURLToPath(new URL("../../", import.meta.url));

/** What bundling `entry` as scripts/build.mjs does puts in the bundle, and what loads at start. */
export interface BundleGraph {
  /** Every source file and package file with bytes in the output. */
  readonly inputs: string[];
  /** The files a run loads for sure: reached from the entry by static imports only. */
  readonly eager: string[];
  /** The source bytes of the eager files. */
  readonly eagerBytes: number;
  /** The bundle's size. */
  readonly bytes: number;
}

/** Bundles `entry` (relative to the repository) with the build's options, without writing. */
export async function bundleGraph(entry: string): Promise<BundleGraph> {
  const result = await build({
    ...(bundleOptions as BuildOptions),
    entryPoints: [path.join(root, entry)],
    absWorkingDir: root,
    write: false,
    metafile: true,
    outdir: "out",
    logLevel: "silent",
  });
  const [output] = Object.values(result.metafile.outputs);
  if (!output) throw new Error("esbuild produced no output");
  // The metafile lists every file esbuild parsed; only those with bytes in the output count.
  const inputs = Object.entries(output.inputs)
    .filter(([, input]) => input.bytesInOutput > 0)
    .map(([file]) => file);
  const eager = new Set([entry]);
  for (const file of eager) {
    for (const edge of result.metafile.inputs[file]?.imports ?? []) {
      if (edge.kind === "import-statement" && !edge.external) eager.add(edge.path);
    }
  }
  let eagerBytes = 0;
  for (const file of eager) eagerBytes += result.metafile.inputs[file]?.bytes ?? 0;
  return { inputs, eager: [...eager], eagerBytes, bytes: output.bytes };
}
