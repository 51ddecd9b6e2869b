/**
 * What kind of compare `verify` uses, read from the module's source text (never run). A timing
 * measurement that finds no slope proves nothing: a compare that stops at the first difference
 * leaks a few nanoseconds per character, below a browser clock in one short run but not below an
 * attacker with enough queries (Crosby et al. 2009). So the timing verdict is a pass only when the
 * source shows a compare that is constant time by construction, and an early exit is named for
 * what it is even when the clock cannot see it.
 *
 * A heuristic over text, not a parser: it looks at verify's body and at the module's own functions
 * verify calls (one level deep), with comments and string contents blanked out. Anything it cannot
 * place is 'unknown', which the verdict treats as "not measurable here", never as a pass.
 */

export type CompareKind =
  /**
   * Calls timingSafeEqual (length check, then every byte: like hmac.compare_digest); `api` names
   * the function when it is another (Python's hmac.compare_digest).
   */
  | { kind: 'constant-time-api'; where: string; api?: string }
  /** A loop that ORs the XOR of every pair and never leaves early (the talk's fix). */
  | { kind: 'accumulate'; where: string }
  /** ===, ==, !==, != on the tag, startsWith, localeCompare, or a loop that returns at the first difference. */
  | { kind: 'early-exit'; where: string; how: string }
  | { kind: 'unknown' };

/** Longest source scanned; a bigger module is 'unknown' (the editor's own limit is far below). */
const MAX_SOURCE = 200_000;

/** The source with comments and the contents of string and template literals replaced by spaces. */
export function blankCommentsAndStrings(source: string): string {
  let out = '';
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    const next = source[i + 1];
    if (c === '/' && next === '/') {
      const end = source.indexOf('\n', i);
      const stop = end < 0 ? source.length : end;
      out += ' '.repeat(stop - i);
      i = stop;
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end < 0 ? source.length : end + 2;
      out += source.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      while (j < source.length && source[j] !== c) j += source[j] === '\\' ? 2 : 1;
      const stop = Math.min(j + 1, source.length);
      // Keep the quotes so `x === ''` still reads as a compare with a literal.
      out += c + ' '.repeat(Math.max(0, stop - i - 2)) + (stop - i >= 2 ? c : '');
      i = stop;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** The body (between its outer braces) of a function declared or assigned with this name. */
export function functionBody(code: string, name: string): string | null {
  const declaration = new RegExp(
    `(?:function\\s+${name}\\s*\\(|\\b${name}\\s*[:=]\\s*(?:async\\s*)?(?:function\\b[^(]*)?\\()`,
  );
  const match = declaration.exec(code);
  if (!match) return null;
  // Skip the parameter list (types may hold braces: count parentheses first).
  let i = match.index + match[0].length;
  let depth = 1;
  while (i < code.length && depth > 0) {
    if (code[i] === '(') depth++;
    else if (code[i] === ')') depth--;
    i++;
  }
  // An arrow function: a body in braces, or an expression up to the end of the statement.
  const arrow = /^\s*(?::[^=;{]*)?=>\s*/.exec(code.slice(i));
  if (arrow && code[i + arrow[0].length] !== '{') {
    const from = i + arrow[0].length;
    const end = code.slice(from).search(/[;\n]/);
    return code.slice(from, end < 0 ? code.length : from + end);
  }
  const open = code.indexOf('{', i);
  if (open < 0) return null;
  depth = 0;
  for (let j = open; j < code.length; j++) {
    if (code[j] === '{') depth++;
    else if (code[j] === '}' && --depth === 0) return code.slice(open + 1, j);
  }
  return null;
}

const EQUALITY = /(!==|===|!=|==)/;

/** Does this line compare two values neither of which is a literal, a length or typeof? */
function comparesValues(line: string): boolean {
  const parts = line.split(EQUALITY);
  for (let k = 1; k < parts.length; k += 2) {
    // The operands next to the operator: a name, a member chain, a call or a literal.
    const left = /[\w$.'"`[\]]*(?:\([^()]*\))?\s*$/.exec(parts[k - 1]!)![0].trim();
    const right = /^\s*(?:typeof\s+)?[\w$.'"`[\]]*(?:\([^()]*\))?/.exec(parts[k + 1]!)![0].trim();
    const literal = (s: string) =>
      /^(['"`]|\d|true\b|false\b|null\b|undefined\b)/.test(s) ||
      /(['"`]|\d|true|false|null|undefined)$/.test(s);
    const measure = (s: string) => /\.length\s*$/.test(s) || /^typeof\b/.test(s);
    if (!literal(left) && !literal(right) && !measure(left) && !measure(right)) return true;
  }
  return false;
}

function classifyBody(body: string, where: string): CompareKind {
  if (/\btimingSafeEqual\s*\(/.test(body)) return { kind: 'constant-time-api', where };
  const methods = /\.(startsWith|endsWith|localeCompare|includes|indexOf)\s*\(/.exec(body);
  if (methods) return { kind: 'early-exit', where, how: `.${methods[1]}()` };
  const loop = /\b(for|while)\s*\(/.exec(body);
  if (loop) {
    const rest = body.slice(loop.index);
    if (/\breturn\s+false\b|\bbreak\b/.test(rest) && /(!==|!=)/.test(rest))
      return { kind: 'early-exit', where, how: 'a loop that returns at the first difference' };
    if (/\|=/.test(rest) && /\^/.test(rest)) return { kind: 'accumulate', where };
  }
  for (const line of body.split(/[;\n]/)) {
    if (!EQUALITY.test(line)) continue;
    if (comparesValues(line)) {
      const op = EQUALITY.exec(line)![1]!;
      return { kind: 'early-exit', where, how: op };
    }
  }
  return { kind: 'unknown' };
}

/** How verify compares the tag it is given, as far as its source (and its helpers') shows. */
export function scanVerifyCompare(source: string): CompareKind {
  if (source.length > MAX_SOURCE) return { kind: 'unknown' };
  const code = blankCommentsAndStrings(source);
  const body = functionBody(code, 'verify');
  if (body === null) return { kind: 'unknown' };
  const own = classifyBody(body, 'verify');
  if (own.kind !== 'unknown') return own;
  // One level down: the module's own functions verify calls.
  for (const call of body.matchAll(/\b([A-Za-z_$][\w$]*)\s*\(/g)) {
    const name = call[1]!;
    if (name === 'verify' || name === 'sign') continue;
    const helper = functionBody(code, name);
    if (helper === null) continue;
    const found = classifyBody(helper, name);
    if (found.kind !== 'unknown') return found;
  }
  return { kind: 'unknown' };
}
