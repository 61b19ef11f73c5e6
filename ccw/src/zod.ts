/**
 * zod/mini with English messages: the zod that code on ccw's start-up paths uses (the
 * coordinator, the prompt registry, the Codex runner). Classic zod (`import * as z from "zod"`)
 * costs about ten milliseconds to load and evaluate, on every run; zod/mini builds the same
 * schemas from small functions. zod/mini ships without messages, so the English locale (and
 * only it: `z.locales` would bundle every language) is installed here, once.
 *
 * Import it as a namespace, `import * as z from "../zod.js"`, so the bundler keeps only what
 * is used.
 */
import { config } from "zod/mini";
import en from "zod/v4/locales/en.js";

config(en());

export * from "zod/mini";
