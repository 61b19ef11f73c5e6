import { describe, expect, it } from "vitest";
import { bundleGraph } from "../helpers/bundle-graph.js";

/**
 * What every run of ccw/dist/cli.cjs loads before it knows its command: the files reached from
 * ccw/src/cli.ts by static imports. What only some commands use (tables and their display-width
 * code, classic zod, yaml, the file watcher, the prompts library) loads in their actions, with
 * `await import()`, so `ccw --version` or `ccw cli` never pays for it (docs/benchmarks.md).
 */
describe("the CLI's start-up graph", () => {
  it("keeps heavy packages out of what every command loads", async () => {
    const { eager } = await bundleGraph("ccw/src/cli.ts");
    const heavy = eager.filter((file) =>
      /node_modules\/(string-width|get-east-asian-width|yaml|chokidar|diff|@inquirer)\/|node_modules\/zod\/(v4\/classic|index\.js)|zod\/v4\/locales\/(?!index\.js|en\.js)/.test(
        file,
      ),
    );
    expect(heavy).toEqual([]);
  });

  it("leaves string-width out of the bundle: it loads from its own, for text that is not ASCII", async () => {
    const { inputs } = await bundleGraph("ccw/src/cli.ts");
    expect(inputs.filter((file) => /^node_modules\/string-width\//.test(file))).toEqual([]);
  });

  it("stays small: the registration of the commands, not what they do", async () => {
    const { eager, eagerBytes } = await bundleGraph("ccw/src/cli.ts");
    expect(eager).toContain("ccw/src/commands/cli.ts");
    // About 200 kB of sources today; classic zod alone would add 850 kB.
    expect(eagerBytes).toBeLessThan(300_000);
  });
});
