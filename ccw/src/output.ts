/** Colour and terminal helpers that honour NO_COLOR, FORCE_COLOR, TERM=dumb and non-TTY output. */

type Style = (text: string) => string;

/** The styles ccw uses; each is the identity when colour is off. */
export interface Styler {
  readonly enabled: boolean;
  readonly bold: Style;
  readonly dim: Style;
  readonly red: Style;
  readonly green: Style;
  readonly yellow: Style;
  readonly cyan: Style;
}

/** Whether text written to `stream` may carry ANSI colours. */
export function colorEnabled(
  stream: { isTTY?: boolean },
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  // FORCE_COLOR=0 (or false) means no colour even on a terminal; any other value forces it on.
  if (env.FORCE_COLOR === "0" || env.FORCE_COLOR === "false") return false;
  if (env.FORCE_COLOR !== undefined) return true;
  if (env.TERM === "dumb") return false;
  return stream.isTTY === true;
}

const wrap =
  (enabled: boolean, open: number, close: number): Style =>
  (text) =>
    enabled ? `\u001b[${open}m${text}\u001b[${close}m` : text;

/** Styles for one output stream. */
export function createStyler(
  stream: { isTTY?: boolean },
  env: Readonly<Record<string, string | undefined>>,
): Styler {
  const enabled = colorEnabled(stream, env);
  return {
    enabled,
    bold: wrap(enabled, 1, 22),
    dim: wrap(enabled, 2, 22),
    red: wrap(enabled, 31, 39),
    green: wrap(enabled, 32, 39),
    yellow: wrap(enabled, 33, 39),
    cyan: wrap(enabled, 36, 39),
  };
}
