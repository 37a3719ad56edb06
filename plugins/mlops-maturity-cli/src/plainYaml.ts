/*
 * Copyright 2026 The MLOps Maturity for Backstage Authors
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *     http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

// A reader for the plain subset of YAML that catalog-info.yaml files are
// nearly always written in: block mappings and sequences, one-line plain and
// quoted scalars, one-line flow sequences of simple words, empty {}, comments.
// The `yaml` package reads the whole language, positions and all, at about
// twenty times the cost, which was most of an `assess` of a large fleet.
//
// It is only ever a shortcut. A document with anything outside the subset
// (anchors, aliases, tags, other flow collections, block or multi-line
// scalars, escapes, duplicate or unusual keys, odd indentation) is handed back
// as text for `yaml` to read; a file with directives, `...`, tabs, CR or
// control characters is declined whole. Errors with their lines, the alias
// limit and warnings therefore stay the package's own; what this reader does
// accept it must turn into exactly the values and lines `yaml` gives (the YAML
// 1.2 core schema), which plainYaml.test.ts compares.

/** One document of a file the plain reader accepted. */
export interface PlainDocument {
  /** The document's top-level mapping, as `yaml`'s `toJS()` returns it. */
  value: Record<string, unknown>;
  /** 1-based line of the document's first key. */
  line: number;
  /** 1-based line of each key of `metadata.annotations`. */
  annotationLines: Map<string, number>;
}

interface Line {
  /** 1-based line number in the file. */
  no: number;
  /** Spaces before the content. */
  indent: number;
  /** The line after its indentation; never empty, never a comment. */
  text: string;
}

// Thrown, not returned, so the recursive descent stays plain; caught per
// document. One shared object: no stack trace is captured for a routine
// give-up.
const GIVE_UP = { giveUp: true };
function giveUp(): never {
  throw GIVE_UP;
}

// Characters whose meaning the subset does not cover, in the whole file:
// tabs (indentation errors), CR (line ends), C0/C1 controls, the BOM and
// Unicode line separators.
// eslint-disable-next-line no-control-regex
const OUTSIDE_SUBSET = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]/;
const DOCUMENT_START = /^---(?: +(?:#.*)?)?$/;
// A key the core schema reads as a string and `toJS()` stores as a plain
// property; anything else (quoted, spaced, numeric-looking) goes to `yaml`.
const KEY = /^([A-Za-z_][A-Za-z0-9_./-]*):(?: +|$)/;
const KEY_NOT_STRING =
  /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE|[Nn]ull|NULL|__proto__)$/;
// `yaml` refuses implicit keys longer than 1024 characters.
const MAX_KEY_LENGTH = 1000;
// Characters that cannot start a plain scalar, or start one only in some
// contexts; such values go to `yaml`.
const INDICATOR = /^[-?:,[\]{}#&*!|>'"%@`]/;
const AFTER_VALUE = /^(?: +(?:#.*)?)?$/;
const EMPTY_MAP = /^\{\}(?: +(?:#.*)?)?$/;
// A flow sequence such as `tags: [ml, fraud]` on one line; its entries are
// split at commas and must each be a simple word.
const FLOW_SEQUENCE = /^\[([^[\]{}"'#:]*)\](?: +(?:#.*)?)?$/;
const FLOW_ENTRY = /^[A-Za-z0-9_][A-Za-z0-9_./@+-]*$/;
/** Nesting beyond this is left to `yaml`, so no input can exhaust the stack here. */
const MAX_DEPTH = 64;

// The YAML 1.2 core schema's tags, in `yaml`'s order, with its tests and
// resolutions (yaml/dist/schema/core).
const CORE_NULL = /^(?:~|[Nn]ull|NULL)?$/;
const CORE_BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const CORE_INT_OCT = /^0o[0-7]+$/;
const CORE_INT = /^[-+]?[0-9]+$/;
const CORE_INT_HEX = /^0x[0-9a-fA-F]+$/;
const CORE_FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const CORE_FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const CORE_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;
// Only a plain scalar starting like this can be anything but a string.
const MAYBE_NOT_STRING = /^[-+.~0-9nNtTfF]/;

function resolvePlain(s: string): unknown {
  if (!MAYBE_NOT_STRING.test(s)) return s;
  if (CORE_NULL.test(s)) return null;
  if (CORE_BOOL.test(s)) return s[0] === 't' || s[0] === 'T';
  if (CORE_INT_OCT.test(s)) return parseInt(s.substring(2), 8);
  if (CORE_INT.test(s)) return parseInt(s, 10);
  if (CORE_INT_HEX.test(s)) return parseInt(s.substring(2), 16);
  if (CORE_FLOAT_NAN.test(s)) {
    if (s.slice(-3).toLowerCase() === 'nan') return NaN;
    return s[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (CORE_FLOAT_EXP.test(s) || CORE_FLOAT.test(s)) return parseFloat(s);
  return s;
}

function isSequenceEntry(text: string): boolean {
  return text === '-' || text.startsWith('- ');
}

function readFlowEntries(inside: string): unknown[] {
  if (inside === '') return [];
  return inside.split(',').map(entry => {
    let from = 0;
    let to = entry.length;
    while (entry.charCodeAt(from) === 0x20) from++;
    while (to > from && entry.charCodeAt(to - 1) === 0x20) to--;
    const word = entry.slice(from, to);
    if (!FLOW_ENTRY.test(word)) giveUp();
    return resolvePlain(word);
  });
}

/** A scalar or flow collection that fills the rest of its line. */
function readInline(rest: string): unknown {
  const first = rest.charCodeAt(0);
  if (first === 0x22 /* " */) {
    const close = rest.indexOf('"', 1);
    if (close < 0) giveUp();
    const body = rest.slice(1, close);
    if (body.includes('\\') || !AFTER_VALUE.test(rest.slice(close + 1))) {
      giveUp();
    }
    return body;
  }
  if (first === 0x27 /* ' */) {
    let body = '';
    let from = 1;
    for (;;) {
      const quote = rest.indexOf("'", from);
      if (quote < 0) giveUp();
      if (rest.charCodeAt(quote + 1) === 0x27) {
        body += rest.slice(from, quote + 1);
        from = quote + 2;
      } else {
        body += rest.slice(from, quote);
        from = quote + 1;
        break;
      }
    }
    if (!AFTER_VALUE.test(rest.slice(from))) giveUp();
    return body;
  }
  const flow = FLOW_SEQUENCE.exec(rest);
  if (flow) return readFlowEntries(flow[1]);
  if (EMPTY_MAP.test(rest)) return {};
  if (INDICATOR.test(rest)) giveUp();
  const hash = rest.indexOf(' #');
  let end = hash < 0 ? rest.length : hash;
  // YAML's white space is the space (tabs were refused); trimEnd() would also
  // take, say, a no-break space that belongs to the value.
  while (end > 0 && rest.charCodeAt(end - 1) === 0x20) end--;
  const plain = rest.slice(0, end);
  if (plain.includes(': ') || plain.endsWith(':')) giveUp();
  return resolvePlain(plain);
}

/** Reads one document's lines; `pos` walks them. */
class DocumentReader {
  private pos = 0;
  readonly annotationLines = new Map<string, number>();

  constructor(private readonly lines: Line[]) {}

  read(): Record<string, unknown> {
    if (this.lines[0].indent !== 0) giveUp();
    const value = this.map(0, 'document', 0);
    if (this.pos < this.lines.length) giveUp();
    return value;
  }

  /**
   * A block mapping whose keys stand at `indent`. `role` follows the path
   * document → metadata → annotations, whose key lines are kept.
   */
  private map(
    indent: number,
    role: 'document' | 'metadata' | 'annotations' | 'other',
    depth: number,
  ): Record<string, unknown> {
    if (depth > MAX_DEPTH) giveUp();
    const out: Record<string, unknown> = {};
    while (this.pos < this.lines.length) {
      const line = this.lines[this.pos];
      if (line.indent < indent) break;
      if (line.indent > indent) giveUp();
      const key = KEY.exec(line.text);
      if (!key) giveUp();
      const name = key[1];
      if (
        name.length > MAX_KEY_LENGTH ||
        KEY_NOT_STRING.test(name) ||
        Object.prototype.hasOwnProperty.call(out, name)
      ) {
        giveUp();
      }
      if (role === 'annotations') this.annotationLines.set(name, line.no);
      let childRole: 'metadata' | 'annotations' | 'other' = 'other';
      if (role === 'document' && name === 'metadata') childRole = 'metadata';
      if (role === 'metadata' && name === 'annotations') {
        childRole = 'annotations';
      }
      this.pos++;
      out[name] = this.value(
        line.text.slice(key[0].length),
        indent,
        true,
        childRole,
        depth,
      );
    }
    return out;
  }

  /** A block sequence whose dashes stand at `indent`. */
  private sequence(indent: number, depth: number): unknown[] {
    if (depth > MAX_DEPTH) giveUp();
    const out: unknown[] = [];
    while (this.pos < this.lines.length) {
      const line = this.lines[this.pos];
      if (line.indent < indent) break;
      if (line.indent > indent) giveUp();
      // A key at this indentation belongs to the mapping around a sequence
      // written level with its key; the caller decides.
      if (!isSequenceEntry(line.text)) break;
      let skip = 1;
      while (line.text.charCodeAt(skip) === 0x20) skip++;
      const rest = line.text.slice(skip);
      if (KEY.test(rest)) {
        // "- key: value" opens a mapping whose keys stand where this key
        // does; read it as if the line began there.
        line.indent = indent + skip;
        line.text = rest;
        out.push(this.map(indent + skip, 'other', depth + 1));
      } else {
        if (isSequenceEntry(rest)) giveUp();
        this.pos++;
        out.push(this.value(rest, indent, false, 'other', depth));
      }
    }
    return out;
  }

  /** What follows a key's colon or an entry's dash on its line, and below. */
  private value(
    rest: string,
    indent: number,
    ofKey: boolean,
    role: 'metadata' | 'annotations' | 'other',
    depth: number,
  ): unknown {
    const next = this.lines[this.pos] as Line | undefined;
    if (rest === '' || rest[0] === '#') {
      if (next && next.indent > indent) {
        return isSequenceEntry(next.text)
          ? this.sequence(next.indent, depth + 1)
          : this.map(next.indent, role, depth + 1);
      }
      if (
        next &&
        ofKey &&
        next.indent === indent &&
        isSequenceEntry(next.text)
      ) {
        return this.sequence(indent, depth + 1);
      }
      return null;
    }
    const value = readInline(rest);
    // A deeper line would continue a multi-line scalar, or be an error.
    if (next && next.indent > indent) giveUp();
    return value;
  }
}

/**
 * A document outside the subset, cut from the file with its line break, for
 * `yaml` to read on its own.
 */
export interface OtherDocument {
  text: string;
  /** Lines of the file before the document's text. */
  lineOffset: number;
}

/**
 * Reads a file's documents in the plain subset of YAML and cuts out the text
 * of the others, or returns undefined when the file as a whole is outside the
 * subset (a directive, `...`, a tab, a CR) and `yaml` must read all of it.
 * Documents without content are left out, as their `toJS()` is null.
 */
export function readPlainYaml(
  text: string,
): Array<PlainDocument | OtherDocument> | undefined {
  if (OUTSIDE_SUBSET.test(text)) return undefined;
  const raw = text.split('\n');
  const documents: Array<PlainDocument | OtherDocument> = [];
  let lines: Line[] = [];
  let start = 0;
  // `end` is the index of the line that ends the document: a `---` or the end.
  const finish = (end: number) => {
    if (lines.length > 0) {
      try {
        const reader = new DocumentReader(lines);
        const value = reader.read();
        documents.push({
          value,
          line: lines[0].no,
          annotationLines: reader.annotationLines,
        });
      } catch (e) {
        if (e !== GIVE_UP) throw e;
        // With its final line break, as a block scalar's clipped or kept
        // line breaks depend on it.
        const own = raw.slice(start, end).join('\n');
        documents.push({
          text: end < raw.length ? `${own}\n` : own,
          lineOffset: start,
        });
      }
    }
    lines = [];
    start = end + 1;
  };
  for (let n = 0; n < raw.length; n++) {
    const line = raw[n];
    const first = line.charCodeAt(0);
    if (first === 0x2d /* - */ && line.startsWith('---')) {
      // Content after the marker, such as `--- |`, is left to `yaml`.
      if (!DOCUMENT_START.test(line)) return undefined;
      finish(n);
      continue;
    }
    // Document end markers and directives change how the next document is
    // read; `yaml` reads such a file whole.
    if (first === 0x2e /* . */ && line.startsWith('...')) return undefined;
    if (first === 0x25 /* % */) return undefined;
    let indent = 0;
    while (line.charCodeAt(indent) === 0x20) indent++;
    if (indent === line.length || line.charCodeAt(indent) === 0x23 /* # */) {
      continue;
    }
    lines.push({ no: n + 1, indent, text: line.slice(indent) });
  }
  finish(raw.length);
  return documents;
}
