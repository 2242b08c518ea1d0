// The mirror's resource checks without a browser (web/src/mirror/resources.ts, css-urls.ts): how CSS text and
// srcsets are read, which URLs pass, what is counted. attack-mirror-resources.test.mjs proves the whole in Chromium.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { build } from 'esbuild';

let m;
before(async () => {
  const source = `export { ResourceGuard, parseSrcset, readResourcePolicy, mirrorContentSecurityPolicy, isOrigin } from './src/mirror/resources.ts';
export { rewriteCssUrls } from './src/mirror/css-urls.ts';`;
  const out = await build({ stdin: { contents: source, resolveDir: join(import.meta.dirname, '..'), loader: 'ts' }, bundle: true, write: false, format: 'esm', platform: 'neutral', logLevel: 'silent' });
  m = await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
});

const SHOP = 'https://shop.example';
const CDN = 'https://cdn.example:8443';
const EVIL = 'http://evil.example';
const guard = (policy = { origins: [SHOP, CDN], anyHttps: false }) => {
  const g = new m.ResourceGuard(policy);
  g.setPageUrl(`${SHOP}/products/page.html`);
  return g;
};
/** Every URL the scanner finds, with its use, in order. */
const urlsIn = (css) => {
  const found = [];
  m.rewriteCssUrls(css, (url, use) => { found.push(`${use}:${url}`); return url; });
  return found;
};

describe('CSS is read the way the browser reads it', () => {
  test('url() in every spelling the tokenizer accepts is found; what only looks like one is not', () => {
    assert.deepEqual(urlsIn('a{b:url(x.png)} c{d:URL( "y.png" )} e{f:\\75 rl(z.png)} g{h:U\\52L(\'w.png\')}'),
      ['resource:x.png', 'resource:y.png', 'resource:z.png', 'resource:w.png']);
    assert.deepEqual(urlsIn('a{b:url/**/(x.png); c:"url(y.png)"; /* url(z.png) */ d:u rl(w.png)}'), []);
    assert.deepEqual(urlsIn('a{b:url(x\\29 .png)}'), ['resource:x).png'], 'escapes inside an unquoted url are read');
  });

  test('strings are URLs inside image-set, -webkit-image-set, src and after @import; not in local(), format() or content', () => {
    assert.deepEqual(urlsIn('@import "a.css"; @import url(b.css) screen; @import url("c.css") layer(x);'), ['import:a.css', 'import:b.css', 'import:c.css']);
    assert.deepEqual(urlsIn('a{b:image-set("1.png" 1x, url(2.png) 2x); c:-webkit-image-set("3.png" 1x)}'), ['resource:1.png', 'resource:2.png', 'resource:3.png']);
    assert.deepEqual(urlsIn('@font-face{font-family:"F";src:local("F"),url(f.woff2) format("woff2")} a::before{content:"x.png"}'), ['resource:f.woff2']);
    assert.deepEqual(urlsIn('@namespace svg url(http://www.w3.org/2000/svg); a{b:url(x.png)}'), ['resource:x.png'], '@namespace names, it does not fetch');
  });

  test('a substitution where a URL string may stand, and URL strings in custom properties, are caught', () => {
    const css = 'a{--u:"http://evil.example/x";--t:"just text";background-image:image-set(var(--u, url(y.png)) 1x)}';
    assert.deepEqual(urlsIn(css), ['resource:http://evil.example/x', 'resource:y.png']);
    assert.equal(m.rewriteCssUrls(css, (url) => url), 'a{--u:"http://evil.example/x";--t:"just text";background-image:image-set(url("about:invalid") 1x)}');
  });

  test('text without a URL to change comes back as the very same string', () => {
    const css = `@media (min-width: 10px) { .a { background: url("${CDN}/a.png") } }\n.b { color: rgb(1 2 3) }`;
    assert.equal(guard().css(css), css);
  });
});

describe('the guard keeps what the tenant allows, byte for byte, and nothing else', () => {
  test('allowed origins and data: pass unchanged; other hosts, schemes and sheets from data: are dropped and counted', () => {
    const g = guard();
    assert.equal(g.url(`${CDN}/a.png?x=1`), `${CDN}/a.png?x=1`);
    assert.equal(g.url(` ${SHOP}/b.png `), ` ${SHOP}/b.png `, 'as sent, whitespace included');
    assert.equal(g.url('data:image/png;base64,AAAA'), 'data:image/png;base64,AAAA');
    assert.equal(g.url('data:text/css,@import url(http://evil.example/x)', 'container'), null);
    assert.equal(g.url(`${EVIL}/1.png`), null);
    assert.equal(g.url(`${EVIL}/2.png`), null);
    assert.equal(g.url('https://cdn.example/a.png'), null, 'the same host on another port is another origin');
    assert.equal(g.url('http://shop.example/a.png'), null, 'and so is another scheme');
    assert.equal(g.url('blob:https://shop.example/1'), null);
    assert.equal(g.url(''), '');
    assert.deepEqual(g.heldBack(), [{ host: 'evil.example', count: 2 }, { host: 'cdn.example', count: 1 }, { host: 'shop.example', count: 1 }]);
  });

  test('relative URLs resolve against the claimed page URL and are written absolute; without one they go', () => {
    const g = guard();
    assert.equal(g.url('../img/a.png'), `${SHOP}/img/a.png`);
    assert.equal(g.url('//evil.example/x.png'), null);
    assert.equal(g.css('a{b:url(c.png)}'), `a{b:url("${SHOP}/products/c.png")}`);
    assert.equal(g.css('a{b:url(#clip)}'), 'a{b:url(#clip)}', 'a reference inside the document stays');
    g.setPageUrl('about:blank');
    assert.equal(g.url('a.png'), null);
    g.setPageUrl(`${EVIL}/page`);
    assert.equal(g.url('a.png'), null, 'a page claimed elsewhere loads nothing relative');
  });

  test('srcset keeps the allowed candidates with their descriptors', () => {
    assert.deepEqual(m.parseSrcset('a.png 1x,b.png 2x, data:image/png;base64,AA,BB 3x , c.png,, d.png 100w'),
      [{ url: 'a.png', descriptors: '1x' }, { url: 'b.png', descriptors: '2x' }, { url: 'data:image/png;base64,AA,BB', descriptors: '3x' },
        { url: 'c.png', descriptors: '' }, { url: 'd.png', descriptors: '100w' }]);
    const g = guard();
    const allowed = `${CDN}/a.png 1x, ${CDN}/b.png 2x`;
    assert.equal(g.srcset(allowed), allowed);
    assert.equal(g.srcset(`${CDN}/a.png 1x, ${EVIL}/b.png 2x, c.png 3x`), `${CDN}/a.png 1x, ${SHOP}/products/c.png 3x`);
    assert.equal(g.srcset(`${EVIL}/b.png 2x`), null);
  });

  test('any https host only on the tenant\'s opt-in, never plain http', () => {
    const g = guard({ origins: [SHOP], anyHttps: true });
    assert.equal(g.url('https://anywhere.example/a.png'), 'https://anywhere.example/a.png');
    assert.equal(g.url('http://anywhere.example/a.png'), null);
  });
});

describe('the policy from the API is read without trust', () => {
  test('only exact origins are taken, and they are all the CSP names', () => {
    const policy = m.readResourcePolicy({ origins: [SHOP, 'https://cdn.example/', 'https://x.example; script-src *', "https://y.example 'unsafe-eval'", 'http://[::1]:3000', 7], anyHttps: false });
    assert.deepEqual(policy, { origins: [SHOP, 'http://[::1]:3000'], anyHttps: false });
    assert.equal(m.readResourcePolicy({ origins: [SHOP] }), undefined, 'anyHttps must be said');
    assert.equal(m.readResourcePolicy([SHOP]), undefined);
    assert.equal(m.mirrorContentSecurityPolicy(policy),
      `default-src 'none'; img-src ${SHOP} data:; media-src ${SHOP} data:; font-src ${SHOP} data:; style-src ${SHOP} 'unsafe-inline'; base-uri 'none'; form-action 'none'`);
    assert.match(m.mirrorContentSecurityPolicy({ origins: [], anyHttps: true }), /img-src https: data:/);
  });
});
