// URLs leave the page absolute: the mirror lives in another origin, so a relative URL would resolve against the
// console instead of the customer's site.

export function absoluteUrl(url: string, base: string): string {
  const trimmed = url.trim();
  if (trimmed === '' || /^(data|blob|javascript|about|mailto|tel):/i.test(trimmed)) return url;
  if (/^https?:\/\//i.test(trimmed)) return trimmed; // already absolute: nothing to resolve
  try {
    return new URL(trimmed, parsedBase(base)).href;
  } catch {
    return url;
  }
}

// A page has one base URL (per document): parsed once instead of for every URL of the snapshot.
let lastBase = '';
let lastParsedBase: URL | string = '';

function parsedBase(base: string): URL | string {
  if (base !== lastBase) {
    lastBase = base;
    try {
      lastParsedBase = new URL(base);
    } catch {
      lastParsedBase = base;
    }
  }
  return lastParsedBase;
}

/** srcset="a.png 1x, b.png 2x". Data URLs with commas inside a srcset are a known limitation. */
export function absoluteSrcset(srcset: string, base: string): string {
  return srcset
    .split(',')
    .map((candidate) => {
      const [url = '', ...descriptors] = candidate.trim().split(/\s+/);
      return [absoluteUrl(url, base), ...descriptors].join(' ');
    })
    .join(', ');
}

const CSS_URL = /url\(\s*(['"]?)(.*?)\1\s*\)/gi;
const CSS_IMPORT = /@import\s+(['"])(.*?)\1/gi;

/** Rewrites url(...) and @import "..." in CSS text (style attributes and inline <style> sheets). */
export function absoluteCssUrls(css: string, base: string): string {
  if (!css.includes('url(') && !css.includes('@import')) return css;
  return css
    .replace(CSS_URL, (_, quote: string, url: string) => `url(${quote}${absoluteUrl(url, base)}${quote})`)
    .replace(CSS_IMPORT, (_, quote: string, url: string) => `@import ${quote}${absoluteUrl(url, base)}${quote}`);
}
