import { MarathonError } from './errors.ts';

type Labels = Record<string, string>;
type Selector = (labels: Labels) => boolean;

/**
 * Marathon's label selector (GET /v2/apps?label=...): comma-separated terms,
 * all of which must hold: `key` (exists), `key==value`, `key!=value`,
 * `key in (a, b)`, `key notin (a, b)`. A backslash escapes the next character.
 */
export function labelSelector(query: string): Selector {
  const terms = splitOutside(query, ',', '(', ')')
    .map((term) => term.trim())
    .filter(Boolean);
  const selectors = terms.map(termSelector);
  return (labels) => selectors.every((selector) => selector(labels));
}

function termSelector(term: string): Selector {
  const set = /^(?<key>(?:\\.|[^\s\\])+)\s+(?<op>in|notin)\s*\((?<values>.*)\)$/.exec(term);
  if (set?.groups) {
    const key = unescaped(set.groups.key!);
    const values = new Set(splitOutside(set.groups.values!, ',').map((value) => unescaped(value.trim())));
    const inSet = set.groups.op === 'in';
    return (labels) => key in labels && values.has(labels[key]!) === inSet;
  }
  const compare = /^(?<key>(?:\\.|[^=!\\])+?)\s*(?<op>==|!=)\s*(?<value>.*)$/.exec(term);
  if (compare?.groups) {
    const key = unescaped(compare.groups.key!.trim());
    const value = unescaped(compare.groups.value!.trim());
    const equal = compare.groups.op === '==';
    return (labels) => key in labels && (labels[key] === value) === equal;
  }
  if (/^(?:\\.|[-A-Za-z0-9_.])+$/.test(term)) {
    const key = unescaped(term);
    return (labels) => key in labels;
  }
  throw new MarathonError(400, {
    message: `Invalid label selector '${term}': use key, key==value, key!=value, key in (a,b) or key notin (a,b), comma-separated`,
  });
}

/** `text` split at `separator`, not inside `open`...`close` nor after a backslash. */
function splitOutside(text: string, separator: string, open = '', close = ''): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (char === '\\' && index + 1 < text.length) {
      current += char + text[++index];
      continue;
    }
    if (open && char === open) depth++;
    if (close && char === close) depth = Math.max(0, depth - 1);
    if (char === separator && depth === 0) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts;
}

const unescaped = (text: string) => text.replace(/\\(.)/g, '$1');
