/**
 * compare-scan.ts for a Python module: what kind of compare `verify` uses, read from the source
 * text (never run). `hmac.compare_digest` (or `secrets.compare_digest`) is constant time by
 * construction (it checks the length, then every byte); so is the talk's loop that ORs together the
 * XOR of every pair and returns only at the end. `==`/`!=` between two values, `startswith`, or a
 * loop that returns at the first difference stops early. Anything else is 'unknown', which the
 * timing verdict never takes for a pass.
 *
 * A heuristic over text, not a parser: it reads verify's body (by indentation) and, one level
 * down, the bodies of the module's own functions verify calls, with comments and string contents
 * blanked out.
 */
import type { CompareKind } from './compare-scan';

const MAX_SOURCE = 200_000;

/** The source with `#` comments and the contents of string literals replaced by spaces. */
export function blankPythonCommentsAndStrings(source: string): string {
  let out = '';
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === '#') {
      const end = source.indexOf('\n', i);
      const stop = end < 0 ? source.length : end;
      out += ' '.repeat(stop - i);
      i = stop;
    } else if (c === '"' || c === "'") {
      const triple = source.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      let j = i + quote.length;
      while (j < source.length && !source.startsWith(quote, j)) {
        if (!triple && source[j] === '\n') break;
        j += source[j] === '\\' ? 2 : 1;
      }
      const stop = Math.min(j + quote.length, source.length);
      const inner = source.slice(i + quote.length, Math.max(i + quote.length, stop - quote.length));
      out += quote + inner.replace(/[^\n]/g, ' ') + (stop - i >= 2 * quote.length ? quote : '');
      i = stop;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** The body of `def name(…):`, its indented lines (or the rest of a one-line def). */
export function pythonFunctionBody(code: string, name: string): string | null {
  const match = new RegExp(`^([ \\t]*)(?:async\\s+)?def\\s+${name}\\s*\\(`, 'm').exec(code);
  if (!match) return null;
  const indent = match[1]!.length;
  // The end of the signature: the colon after the parameters' closing parenthesis.
  let i = match.index + match[0].length;
  let depth = 1;
  while (i < code.length && depth > 0) {
    if (code[i] === '(') depth++;
    else if (code[i] === ')') depth--;
    i++;
  }
  const colon = code.indexOf(':', i);
  if (colon < 0) return null;
  const lineEnd = code.indexOf('\n', colon);
  const inline = code.slice(colon + 1, lineEnd < 0 ? code.length : lineEnd);
  if (inline.trim()) return inline;
  const lines: string[] = [];
  for (const line of code.slice(lineEnd + 1).split('\n')) {
    if (line.trim() === '') {
      lines.push(line);
      continue;
    }
    const own = /^[ \t]*/.exec(line)![0].length;
    if (own <= indent) break;
    lines.push(line);
  }
  return lines.join('\n');
}

const EQUALITY = /(==|!=)/;

/** Does this line compare two values, neither a literal, a len() or None? */
function comparesValues(line: string): boolean {
  const parts = line.split(EQUALITY);
  for (let k = 1; k < parts.length; k += 2) {
    const left = /[\w.'"[\]]*(?:\([^()]*\))?\s*$/.exec(parts[k - 1]!)![0].trim();
    const right = /^\s*[\w.'"[\]]*(?:\([^()]*\))?/.exec(parts[k + 1]!)![0].trim();
    const literal = (s: string) =>
      s === '' || /^(['"]|\d|True\b|False\b|None\b|b['"])/.test(s) || /['"]$/.test(s);
    const measure = (s: string) => /^len\s*\(/.test(s) || /^type\s*\(/.test(s);
    if (!literal(left) && !literal(right) && !measure(left) && !measure(right)) return true;
  }
  return false;
}

function classifyBody(body: string, where: string): CompareKind {
  const api = /\b(hmac|secrets)\.compare_digest\s*\(|\bcompare_digest\s*\(/.exec(body);
  if (api)
    return {
      kind: 'constant-time-api',
      where,
      api: api[1] ? `${api[1]}.compare_digest` : 'compare_digest',
    };
  const method = /\.(startswith|endswith|find|index)\s*\(/.exec(body);
  if (method) return { kind: 'early-exit', where, how: `.${method[1]}()` };
  const loop = /^\s*(for|while)\b/m.exec(body);
  if (loop) {
    const rest = body.slice(loop.index);
    if (/\breturn\s+False\b|\bbreak\b/.test(rest) && /!=/.test(rest))
      return { kind: 'early-exit', where, how: 'a loop that returns at the first difference' };
    if (/\|=/.test(rest) && /\^/.test(rest)) return { kind: 'accumulate', where };
  }
  for (const line of body.split('\n')) {
    if (!EQUALITY.test(line)) continue;
    if (comparesValues(line)) return { kind: 'early-exit', where, how: EQUALITY.exec(line)![1]! };
  }
  return { kind: 'unknown' };
}

/** How verify compares the tag it is given, as far as its source (and its helpers') shows. */
export function scanPythonVerifyCompare(source: string): CompareKind {
  if (source.length > MAX_SOURCE) return { kind: 'unknown' };
  const code = blankPythonCommentsAndStrings(source);
  const body = pythonFunctionBody(code, 'verify');
  if (body === null) return { kind: 'unknown' };
  const own = classifyBody(body, 'verify');
  if (own.kind !== 'unknown') return own;
  for (const call of body.matchAll(/\b([A-Za-z_]\w*)\s*\(/g)) {
    const name = call[1]!;
    if (name === 'verify' || name === 'sign') continue;
    const helper = pythonFunctionBody(code, name);
    if (helper === null) continue;
    const found = classifyBody(helper, name);
    if (found.kind !== 'unknown') return found;
  }
  return { kind: 'unknown' };
}
