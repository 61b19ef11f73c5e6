// The structure rules of ccw/src (docs/architecture.md), checked over the TypeScript sources:
// - no import circle between files, and none between folders (every import counts: static,
//   type-only, `export ... from` and lazy `import()`);
// - no import against the layering cli → commands → domains → session → tools → lib → base;
// - no function over 80 lines and no file over 500 lines.
// Usage: node scripts/check-structure.mjs [--root DIR]   (DIR defaults to the repository root)
// Exit 0 when the sources keep every rule, 1 with one line per broken rule (file:line, what,
// how to mend), 2 when the sources cannot be read.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

export const MAX_FUNCTION_LINES = 80;
export const MAX_FILE_LINES = 500;

/**
 * The layers, top first. A file may import files of its own layer or of a lower one; the
 * folder-circle rule keeps the imports inside one layer one-way. `base` is the few root modules
 * every layer shares (the closed error set, zod's setup, output styling, the run context).
 */
export const LAYERS = [
  { name: "cli", folders: ["program"], files: ["cli.ts"] },
  { name: "commands", folders: ["commands"], files: [] },
  {
    name: "domains",
    folders: [
      "coordinator",
      "hook",
      "parity",
      "evidence",
      "workflow",
      "prompt-run",
      "demo",
      "dev",
      "config",
      "view",
      "checkpoints",
    ],
    files: [],
  },
  { name: "session", folders: ["session"], files: [] },
  { name: "tools", folders: ["tools"], files: [] },
  { name: "lib", folders: ["lib"], files: [] },
  {
    name: "base",
    folders: [],
    files: [
      "errors.ts",
      "zod.ts",
      "output.ts",
      "context.ts",
      "command-runtime.ts",
      "package-info.ts",
    ],
  },
];

/** The layer of `file` (a path relative to the source root, with `/`), or undefined. */
export function layerOf(file) {
  const top = file.split("/")[0];
  const index = LAYERS.findIndex((layer) =>
    file.includes("/") ? layer.folders.includes(top) : layer.files.includes(file),
  );
  return index < 0 ? undefined : { index, name: LAYERS[index].name };
}

/** Every relative module a source imports, with the line of the import. */
function importsOf(sourceFile) {
  const found = [];
  const add = (node, specifier) => {
    if (specifier.startsWith(".")) {
      const line = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1;
      found.push({ specifier, line });
    }
  };
  const visit = (node) => {
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier !== undefined &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      add(node, node.moduleSpecifier.text);
    } else if (
      ts.isCallExpression(node) &&
      node.expression.kind === ts.SyntaxKind.ImportKeyword &&
      node.arguments[0] !== undefined &&
      ts.isStringLiteralLike(node.arguments[0])
    ) {
      add(node, node.arguments[0].text);
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      add(node, node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

/** The name a reader knows a function by, for the message. */
function functionName(node, sourceFile) {
  if (node.name !== undefined) return node.name.getText(sourceFile);
  if (ts.isConstructorDeclaration(node)) return "constructor";
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) {
    return parent.name.getText(sourceFile);
  }
  if (ts.isCallExpression(parent)) {
    return `callback of ${parent.expression.getText(sourceFile).split("\n")[0].slice(-40)}`;
  }
  return "anonymous function";
}

/** Every function of the file with its first line and its length in lines. */
function functionsOf(sourceFile) {
  const found = [];
  const visit = (node) => {
    if (
      (ts.isFunctionDeclaration(node) ||
        ts.isMethodDeclaration(node) ||
        ts.isConstructorDeclaration(node) ||
        ts.isGetAccessorDeclaration(node) ||
        ts.isSetAccessorDeclaration(node) ||
        ts.isArrowFunction(node) ||
        ts.isFunctionExpression(node)) &&
      node.body !== undefined
    ) {
      // From the first token (after its doc comment) to the last.
      const first = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line;
      const last = sourceFile.getLineAndCharacterOfPosition(node.getEnd()).line;
      found.push({
        name: functionName(node, sourceFile),
        line: first + 1,
        lines: last - first + 1,
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

/**
 * The folder of `file` for the folder-circle rule. The root's few files stand in two layers
 * (cli.ts on top, the base modules at the bottom), so each of them counts as a folder of its own.
 */
function folderOf(file) {
  return file.includes("/") ? path.posix.dirname(file) : file;
}

/** The strongly connected parts of `graph` (Map node → Set of nodes) that form a circle. */
export function circlesOf(graph) {
  let counter = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const circles = [];
  const connect = (node) => {
    index.set(node, counter);
    low.set(node, counter);
    counter += 1;
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        connect(next);
        low.set(node, Math.min(low.get(node), low.get(next)));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node), index.get(next)));
      }
    }
    if (low.get(node) === index.get(node)) {
      const part = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        part.push(member);
      } while (member !== node);
      if (part.length > 1 || graph.get(node)?.has(node)) circles.push(part.sort());
    }
  };
  for (const node of [...graph.keys()].sort()) if (!index.has(node)) connect(node);
  return circles;
}

/** The .ts files under `dir`, relative to it, with `/`. */
function sourceFiles(dir, prefix = "") {
  const files = [];
  for (const entry of readdirSync(path.join(dir, prefix), { withFileTypes: true })) {
    const relative = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
    if (entry.isDirectory()) files.push(...sourceFiles(dir, relative));
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) files.push(relative);
  }
  return files.sort();
}

/**
 * The broken rules of the sources in `sources` (Map of path relative to the source root →
 * text), each `{ file, line, message }`.
 */
export function checkSources(sources) {
  const problems = [];
  const fileGraph = new Map();
  const folderGraph = new Map();
  const folderArrows = new Map();
  for (const [file, text] of sources) {
    const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
    const lines = text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
    if (lines > MAX_FILE_LINES) {
      problems.push({
        file,
        line: 1,
        message: `file of ${lines} lines (at most ${MAX_FILE_LINES}): split it by concern`,
      });
    }
    for (const fn of functionsOf(sourceFile)) {
      if (fn.lines > MAX_FUNCTION_LINES) {
        problems.push({
          file,
          line: fn.line,
          message: `function ${fn.name} has ${fn.lines} lines (at most ${MAX_FUNCTION_LINES}): give its parts names of their own`,
        });
      }
    }
    const from = layerOf(file);
    if (from === undefined) {
      problems.push({
        file,
        line: 1,
        message:
          "file in no layer: place it in a folder that scripts/check-structure.mjs LAYERS names (see docs/architecture.md)",
      });
    }
    const targets = new Set();
    for (const { specifier, line } of importsOf(sourceFile)) {
      const target = path.posix
        .normalize(path.posix.join(path.posix.dirname(file), specifier))
        .replace(/\.js$/, ".ts");
      if (!sources.has(target)) continue;
      targets.add(target);
      const to = layerOf(target);
      if (from !== undefined && to !== undefined && to.index < from.index) {
        problems.push({
          file,
          line,
          message: `imports ${target}: ${from.name} must not import ${to.name} (layers: ${LAYERS.map((l) => l.name).join(" → ")}); move the shared part down`,
        });
      }
      const fromFolder = folderOf(file);
      const toFolder = folderOf(target);
      if (fromFolder !== toFolder) {
        if (!folderGraph.has(fromFolder)) folderGraph.set(fromFolder, new Set());
        folderGraph.get(fromFolder).add(toFolder);
        const key = `${fromFolder}\n${toFolder}`;
        if (!folderArrows.has(key)) folderArrows.set(key, []);
        folderArrows.get(key).push(`${file}:${line} → ${target}`);
      }
    }
    fileGraph.set(file, targets);
  }
  for (const circle of circlesOf(fileGraph)) {
    const ties = circle.flatMap((file) =>
      [...(fileGraph.get(file) ?? [])]
        .filter((target) => circle.includes(target))
        .map((target) => `${file} → ${target}`),
    );
    problems.push({
      file: circle[0],
      line: 1,
      message: `import circle between files: ${ties.join(", ")}; move what both need into a third file`,
    });
  }
  for (const circle of circlesOf(folderGraph)) {
    const ties = circle.flatMap((folder) =>
      [...(folderGraph.get(folder) ?? [])]
        .filter((target) => circle.includes(target))
        .flatMap((target) => folderArrows.get(`${folder}\n${target}`) ?? []),
    );
    problems.push({
      file: circle[0],
      line: 1,
      message: `import circle between folders ${circle.join(", ")}: ${ties.join(", ")}; the arrows between folders must run one way`,
    });
  }
  return problems;
}

function main(argv) {
  const rootAt = argv.indexOf("--root");
  const root =
    rootAt >= 0 && argv[rootAt + 1] !== undefined
      ? path.resolve(argv[rootAt + 1])
      : path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const sourceRoot = path.join(root, "ccw", "src");
  try {
    if (!statSync(sourceRoot).isDirectory()) throw new Error("not a folder");
  } catch (error) {
    process.stderr.write(`check-structure: cannot read ${sourceRoot}: ${error.message}\n`);
    return 2;
  }
  const sources = new Map(
    sourceFiles(sourceRoot).map((file) => [
      file,
      readFileSync(path.join(sourceRoot, file), "utf8"),
    ]),
  );
  const problems = checkSources(sources);
  for (const { file, line, message } of problems) {
    process.stdout.write(`ccw/src/${file}:${line}: ${message}\n`);
  }
  if (problems.length > 0) {
    process.stderr.write(
      `check-structure: ${problems.length} broken rule(s) in ccw/src (docs/architecture.md says why)\n`,
    );
    return 1;
  }
  return 0;
}

if (
  process.argv[1] !== undefined &&
  path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)
) {
  process.exitCode = main(process.argv.slice(2));
}
