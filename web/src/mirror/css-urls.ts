// Finds every place in CSS text where a browser would fetch a URL, the way its tokenizer reads the text (CSS Syntax
// Level 3): url(…) tokens and url("…") functions, strings inside image-set()/-webkit-image-set()/image()/src(), and
// the string after @import. Escapes, comments and case are read as the browser reads them, so "\75 rl(" or
// "URL(" are found too. A var(), env() or attr() inside a function that takes URL strings could carry a URL the
// scanner cannot see: it is treated as a URL that is never allowed; and a string in a custom property that is an
// absolute URL is judged as one, wherever var() may take it. Over-reading only ever touches CSS that would not load
// anyway (or a URL shown as text); under-reading would be a hole, so when unsure the scanner reads a URL.

/** What to write instead of a URL reference: the same URL (kept), another (rewritten) or null (dropped). */
export type CssUrlRewrite = (url: string, use: CssUrlUse) => string | null;

/** `import`: a sheet loaded by @import (a document that could load more); `resource`: an image, font or the like. */
export type CssUrlUse = 'import' | 'resource';

/** What a dropped reference becomes: a URL no browser fetches, in a form every URL position accepts. */
export const NO_URL = 'about:invalid';

/** Functions whose string arguments are URLs. */
const URL_STRING_FUNCTIONS = new Set(['url', 'src', 'image-set', '-webkit-image-set', 'image', '-webkit-image']);
/** Functions where a substituted value could become a URL string. */
const SUBSTITUTION_SENSITIVE = new Set(['src', 'image-set', '-webkit-image-set', 'image', '-webkit-image']);
const SUBSTITUTIONS = new Set(['var', 'env', 'attr']);

interface Replacement {
  start: number;
  end: number;
  text: string;
}

/** The text with each URL reference rewritten; the very same string when nothing changed. */
export function rewriteCssUrls(css: string, rewrite: CssUrlRewrite): string {
  if (!css.includes('(') && !css.includes('@')) return css; // no function and no at-rule: nothing can fetch
  const replacements = new CssScanner(css, rewrite).scan();
  if (replacements.length === 0) return css;
  let out = '';
  let at = 0;
  for (const r of replacements) {
    out += css.slice(at, r.start) + r.text;
    at = r.end;
  }
  return out + css.slice(at);
}

/** A CSS string holding `url`, quoted so that no character of it can end the string or the declaration. */
export function cssString(url: string): string {
  return `"${url.replace(/[\\"]/g, '\\$&').replace(/[\n\r\f]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;
}

const isWhitespace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f';
const isNewline = (c: string | undefined): boolean => c === '\n' || c === '\r' || c === '\f';
// Character classes by code (this runs over every character of every sheet the mirror shows).
const isHex = (c: string | undefined): boolean => {
  const code = c === undefined ? -1 : c.charCodeAt(0);
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 70) || (code >= 97 && code <= 102);
};
const isNameStart = (c: string | undefined): boolean => {
  const code = c === undefined ? -1 : c.charCodeAt(0);
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || code >= 0x80;
};
const isNameChar = (c: string | undefined): boolean => {
  const code = c === undefined ? -1 : c.charCodeAt(0);
  return isNameStart(c) || (code >= 48 && code <= 57) || code === 45;
};
const isNonPrintable = (c: string): boolean => {
  const code = c.charCodeAt(0);
  return code <= 8 || code === 0x0b || (code >= 0x0e && code <= 0x1f) || code === 0x7f;
};

class CssScanner {
  private at = 0;
  /** Open functions and parentheses, innermost last: the lower-case function name, or '' for a bare '('. */
  private readonly open: Array<{ name: string; start: number }> = [];
  /** After @import until the end of its prelude: its string (or url) is a sheet to load. */
  private inImport = false;
  /** After @namespace: its url names a namespace and fetches nothing. */
  private inNamespace = false;
  /** In a custom property's value (--name: …), which var() may carry anywhere. */
  private inCustomProperty = false;
  private readonly replacements: Replacement[] = [];

  constructor(private readonly css: string, private readonly rewrite: CssUrlRewrite) {}

  scan(): Replacement[] {
    const css = this.css;
    while (this.at < css.length) {
      const c = css[this.at];
      if (c === '/' && css[this.at + 1] === '*') {
        const end = css.indexOf('*/', this.at + 2);
        this.at = end < 0 ? css.length : end + 2;
      } else if (c === '"' || c === "'") {
        const start = this.at;
        const value = this.consumeString(c);
        this.stringToken(value, start, this.at);
      } else if (c === '@' && this.startsIdent(this.at + 1)) {
        this.at++;
        const name = this.consumeName().toLowerCase();
        if (this.open.length === 0) {
          this.inImport = name === 'import';
          this.inNamespace = name === 'namespace';
        }
      } else if (this.startsIdent(this.at)) {
        this.identLike();
      } else if (c === '(') {
        this.open.push({ name: '', start: this.at });
        this.at++;
      } else if (c === ')') {
        this.close();
        this.at++;
      } else if ((c === ';' || c === '{' || c === '}') && this.open.length === 0) {
        this.inImport = false;
        this.inNamespace = false;
        this.inCustomProperty = false;
        this.at++;
      } else {
        this.at++;
      }
    }
    return this.replacements; // in text order: each is found after the previous one ends
  }

  private stringToken(value: string, start: number, end: number): void {
    if (this.inNamespace) return;
    const inner = this.open[this.open.length - 1]?.name;
    const isUrl = (inner !== undefined && URL_STRING_FUNCTIONS.has(inner)) || (this.inImport && (this.open.length === 0 || inner === 'url')) ||
      (this.inCustomProperty && /^[a-z][a-z0-9+.-]*:/i.test(value.trim()));
    if (!isUrl) return;
    const use: CssUrlUse = this.inImport ? 'import' : 'resource';
    const kept = this.rewrite(value, use);
    if (kept !== value) this.replacements.push({ start, end, text: cssString(kept ?? NO_URL) });
  }

  private identLike(): void {
    const start = this.at;
    const name = this.consumeName().toLowerCase();
    if (name.startsWith('--') && this.open.length === 0) {
      let look = this.at;
      while (isWhitespace(this.css[look])) look++;
      if (this.css[look] === ':') this.inCustomProperty = true;
    }
    if (this.css[this.at] !== '(') return;
    this.at++;
    if (name === 'url' && !this.quotedUrlFollows()) {
      this.unquotedUrl(start);
      return;
    }
    this.open.push({ name, start });
  }

  private close(): void {
    const closing = this.open.pop();
    if (!closing || !SUBSTITUTIONS.has(closing.name)) return;
    // A substitution directly inside an image list could put any URL there: it stands for a URL never allowed.
    const outer = this.open[this.open.length - 1]?.name;
    if (outer !== undefined && SUBSTITUTION_SENSITIVE.has(outer) && !this.inNamespace) {
      // It replaces whatever was found inside it.
      while (this.replacements.length && this.replacements[this.replacements.length - 1].start >= closing.start) this.replacements.pop();
      this.replacements.push({ start: closing.start, end: this.at + 1, text: `url(${cssString(NO_URL)})` });
    }
  }

  /** After "url(": whitespace and then a quote make it a function whose string argument is the URL. */
  private quotedUrlFollows(): boolean {
    let look = this.at;
    while (isWhitespace(this.css[look])) look++;
    return this.css[look] === '"' || this.css[look] === "'";
  }

  /** An unquoted url(…) token from its "url" at `start`; a bad one (quote, paren, control inside) is read too. */
  private unquotedUrl(start: number): void {
    const css = this.css;
    while (isWhitespace(css[this.at])) this.at++;
    let value = '';
    let bad = false;
    while (this.at < css.length) {
      const c = css[this.at];
      if (c === ')') {
        this.at++;
        break;
      }
      if (c === '\\' && !isNewline(css[this.at + 1]) && this.at + 1 < css.length) {
        this.at++;
        value += this.consumeEscape();
        continue;
      }
      if (isWhitespace(c)) {
        // Only whitespace may follow before the ")"; anything else makes it a bad url that still runs to the ")".
        let look = this.at;
        while (isWhitespace(css[look])) look++;
        if (css[look] !== ')' && look < css.length) bad = true;
        this.at = look;
        continue;
      }
      if (c === '"' || c === "'" || c === '(' || isNonPrintable(c)) bad = true;
      value += c;
      this.at++;
    }
    if (this.inNamespace) return;
    const use: CssUrlUse = this.inImport && this.open.length === 0 ? 'import' : 'resource';
    const kept = bad ? null : this.rewrite(value, use);
    if (bad || kept !== value) this.replacements.push({ start, end: this.at, text: `url(${cssString(kept ?? NO_URL)})` });
  }

  private consumeString(quote: string): string {
    const css = this.css;
    this.at++;
    let value = '';
    while (this.at < css.length) {
      const c = css[this.at];
      if (c === quote) {
        this.at++;
        return value;
      }
      if (isNewline(c)) return value; // a bad string ends before the newline
      if (c === '\\') {
        const next = css[this.at + 1];
        if (next === undefined) {
          this.at++;
          return value;
        }
        if (isNewline(next)) {
          this.at += next === '\r' && css[this.at + 2] === '\n' ? 3 : 2;
          continue;
        }
        this.at++;
        value += this.consumeEscape();
        continue;
      }
      value += c;
      this.at++;
    }
    return value;
  }

  /** With `at` just after a backslash. */
  private consumeEscape(): string {
    const css = this.css;
    if (isHex(css[this.at])) {
      let hex = '';
      while (hex.length < 6 && isHex(css[this.at])) hex += css[this.at++];
      if (css[this.at] === '\r' && css[this.at + 1] === '\n') this.at += 2;
      else if (isWhitespace(css[this.at])) this.at++;
      const code = parseInt(hex, 16);
      return code === 0 || (code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff ? '\ufffd' : String.fromCodePoint(code);
    }
    if (this.at >= css.length) return '\ufffd';
    const code = css.codePointAt(this.at) ?? 0xfffd;
    const char = String.fromCodePoint(code);
    this.at += char.length;
    return char;
  }

  private validEscape(at: number): boolean {
    return this.css[at] === '\\' && at + 1 < this.css.length && !isNewline(this.css[at + 1]);
  }

  private startsIdent(at: number): boolean {
    const c = this.css[at];
    if (c === '-') return isNameStart(this.css[at + 1]) || this.css[at + 1] === '-' || this.validEscape(at + 1);
    return isNameStart(c) || this.validEscape(at);
  }

  private consumeName(): string {
    let name = '';
    for (;;) {
      const from = this.at;
      while (isNameChar(this.css[this.at])) this.at++;
      if (this.at > from) name += this.css.slice(from, this.at);
      if (this.validEscape(this.at)) {
        this.at++;
        name += this.consumeEscape();
      } else {
        return name;
      }
    }
  }
}
