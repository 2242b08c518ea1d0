// Deterministic generators for the capture benchmark's pages. Every page marks what the mutation script may touch
// with neutral class names: `.item` (a card, a field row, a block: added, removed, moved), `.tx` (an element whose
// text changes), `.swap` (a small subtree replaced through innerHTML). Same seed, same bytes.

/** mulberry32: a tiny seeded PRNG, so every run of the benchmark builds and mutates the same pages. */
export function seededRandom(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ('lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore ' +
  'magna aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris nisi aliquip ex ea commodo consequat ' +
  'duis aute irure in reprehenderit voluptate velit esse cillum fugiat nulla pariatur excepteur sint occaecat ' +
  'cupidatat non proident sunt culpa qui officia deserunt mollit anim id est laborum').split(' ');

function picker(random) {
  const int = (n) => Math.floor(random() * n);
  const pick = (list) => list[int(list.length)];
  const words = (min, max) => Array.from({ length: min + int(max - min + 1) }, () => pick(WORDS)).join(' ');
  const title = (min, max) => { const w = words(min, max); return w[0].toUpperCase() + w.slice(1); };
  return { int, pick, words, title };
}

const escapeHtml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

// ---------------------------------------------------------------------------------------------------------------
// 1. Shop catalog: 5,000 product cards.

const SHOP_CSS = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font:14px/1.4 system-ui,sans-serif;color:#222;background:#f6f7f9}
.site-header{display:flex;align-items:center;gap:16px;padding:12px 24px;background:#14213d;color:#fff}
.site-header a{color:#fff;text-decoration:none}
.search{flex:1;max-width:480px;padding:8px 12px;border-radius:6px;border:0}
.layout{display:grid;grid-template-columns:220px 1fr;gap:24px;padding:24px}
.filters fieldset{border:0;margin:0 0 16px;padding:0}
.filters legend{font-weight:600;margin-bottom:6px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:16px}
.card{position:relative;display:flex;flex-direction:column;background:#fff;border-radius:8px;padding:12px;box-shadow:0 1px 3px rgba(0,0,0,.12)}
.card.is-favorite{outline:2px solid #fca311}
.card[data-stock="0"]{opacity:.6}
.card__img{width:100%;height:auto;aspect-ratio:1;object-fit:cover;background:#e5e5e5;border-radius:4px}
.card__title{font-size:15px;margin:8px 0 4px;min-height:2.8em}
.card__price{font-weight:700;margin:0 0 8px}
.card__price .was{font-weight:400;text-decoration:line-through;color:#888;margin-left:6px}
.card__badges{position:absolute;top:16px;left:16px;display:flex;gap:4px}
.badge{background:#e63946;color:#fff;font-size:11px;padding:2px 6px;border-radius:3px}
.badge--new{background:#2a9d8f}
.rating{color:#fca311;font-size:12px}
.btn{appearance:none;border:0;border-radius:6px;padding:8px 12px;cursor:pointer}
.btn--primary{background:#14213d;color:#fff}
.btn[disabled]{background:#aaa;cursor:not-allowed}
.pagination{display:flex;gap:8px;justify-content:center;padding:24px}
footer{padding:24px;color:#666;text-align:center}
@media (max-width:700px){.layout{grid-template-columns:1fr}.filters{display:none}}
`;

const CATEGORIES = ['shoes', 'shirts', 'bags', 'watches', 'hats', 'jackets', 'socks', 'belts'];

function shopCard(p, n) {
  const price = (5 + p.int(300) + p.int(100) / 100).toFixed(2);
  const sale = p.int(5) === 0;
  const badges = sale ? '<span class="badge">Sale</span>' : p.int(6) === 0 ? '<span class="badge badge--new">New</span>' : '';
  const title = p.title(2, 6);
  return `<article class="item card product-card" id="p${n}" data-sku="SKU-${String(n).padStart(5, '0')}" data-category="${p.pick(CATEGORIES)}" data-stock="${p.int(40)}">
      <div class="card__badges swap">${badges}</div>
      <a class="card__link" href="/product/${n}"><img class="card__img" src="/img/p${n}.jpg" alt="${escapeHtml(title)}" width="200" height="200" loading="lazy"></a>
      <h3 class="card__title tx">${escapeHtml(title)}</h3>
      <div class="rating" aria-label="${p.int(5) + 1} of 5 stars">${'★'.repeat(p.int(5) + 1)}</div>
      <p class="card__price"><span class="currency">$</span><span class="amount tx">${price}</span>${sale ? `<span class="was">$${(price * 1.25).toFixed(2)}</span>` : ''}</p>
      <button class="btn btn--primary add-to-cart" type="button" data-sku="SKU-${String(n).padStart(5, '0')}">Add to cart</button>
    </article>`;
}

function shopPage(seed) {
  const p = picker(seededRandom(seed));
  const filters = CATEGORIES.map((c, i) => `<label><input type="checkbox" name="cat" value="${c}"${i % 3 === 0 ? ' checked' : ''}> ${c}</label><br>`).join('\n        ');
  const cards = Array.from({ length: 5000 }, (_, i) => shopCard(p, i + 1)).join('\n    ');
  const html = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Catalog — Bench Shop</title>
  <style>${SHOP_CSS}</style>
</head>
<body>
  <header class="site-header">
    <a class="logo" href="/">Bench Shop</a>
    <input class="search" type="search" name="q" placeholder="Search products" value="running shoes">
    <nav><a href="/account">Account</a> <a href="/cart">Cart (<span class="cart-count tx">0</span>)</a></nav>
  </header>
  <div class="layout">
    <aside class="filters">
      <fieldset>
        <legend>Category</legend>
        ${filters}
      </fieldset>
      <fieldset>
        <legend>Sort</legend>
        <select name="sort"><option value="pop">Popularity</option><option value="asc" selected>Price: low to high</option><option value="desc">Price: high to low</option></select>
      </fieldset>
      <fieldset>
        <legend>Max price</legend>
        <input type="range" name="max" min="0" max="500" value="250">
      </fieldset>
    </aside>
    <main>
      <h1>All products</h1>
      <div class="grid" id="grid">
    ${cards}
      </div>
      <nav class="pagination"><a href="?page=1">1</a><a href="?page=2">2</a><a href="?page=3">3</a></nav>
    </main>
  </div>
  <footer>© Bench Shop</footer>
</body>
</html>`;
  const newItems = Array.from({ length: 64 }, (_, i) => shopCard(p, 100001 + i));
  return { html, newItems, probe: { selector: '#p4321 .card__title', prefill: [] } };
}

// ---------------------------------------------------------------------------------------------------------------
// 2. A long form: 300 fields of many types.

const FORM_CSS = `
body{margin:0;font:15px/1.5 system-ui,sans-serif;color:#1d1d1f;background:#fff}
form{max-width:760px;margin:24px auto;padding:0 16px}
fieldset{border:1px solid #d2d2d7;border-radius:10px;margin:0 0 20px;padding:16px}
legend{font-weight:600;padding:0 6px}
.field{display:grid;grid-template-columns:200px 1fr;gap:6px 12px;align-items:center;margin:0 0 10px}
.field label{font-weight:500}
.field input:not([type=checkbox]):not([type=radio]),.field select,.field textarea{width:100%;padding:6px 8px;border:1px solid #b0b0b8;border-radius:6px;font:inherit}
.field.is-invalid input,.field.is-invalid select,.field.is-invalid textarea{border-color:#d70015;background:#fff5f5}
.field__hint{grid-column:2;font-size:12px;color:#6e6e73}
.field__error{grid-column:2;font-size:12px;color:#d70015;min-height:0}
.choices{display:flex;flex-wrap:wrap;gap:8px 16px}
button[type=submit]{padding:10px 20px;border:0;border-radius:8px;background:#0071e3;color:#fff;font:inherit}
`;

const INPUT_TYPES = ['text', 'text', 'email', 'tel', 'number', 'date', 'url', 'search', 'password', 'time', 'color', 'range'];

function formField(p, n) {
  const id = `f${n}`;
  const label = p.title(1, 4);
  const kind = p.int(10);
  const hasValue = p.int(3) === 0;
  let control;
  if (kind < 6) {
    const type = p.pick(INPUT_TYPES);
    const value = !hasValue ? '' : type === 'number' || type === 'range' ? String(p.int(100))
      : type === 'date' ? `2024-0${1 + p.int(9)}-1${p.int(9)}` : type === 'time' ? `1${p.int(9)}:3${p.int(9)}`
      : type === 'color' ? '#3366cc' : type === 'email' ? `user${n}@example.com` : type === 'url' ? `https://example.com/${n}` : p.words(1, 3);
    control = `<input id="${id}" name="${id}" type="${type}"${value ? ` value="${escapeHtml(value)}"` : ''} placeholder="${escapeHtml(p.words(1, 2))}"${p.int(4) === 0 ? ' required' : ''}${type === 'password' ? ' autocomplete="new-password"' : ''}>`;
  } else if (kind < 7) {
    const options = Array.from({ length: 4 + p.int(8) }, (_, i) => `<option value="o${i}"${hasValue && i === 2 ? ' selected' : ''}>${escapeHtml(p.title(1, 3))}</option>`).join('');
    control = `<select id="${id}" name="${id}"><option value="">Choose…</option>${options}</select>`;
  } else if (kind < 8) {
    control = `<textarea id="${id}" name="${id}" rows="3">${hasValue ? escapeHtml(p.words(5, 20)) : ''}</textarea>`;
  } else if (kind < 9) {
    control = `<span class="choices">${Array.from({ length: 2 + p.int(3) }, (_, i) => `<label><input type="checkbox" name="${id}" value="c${i}"${hasValue && i === 0 ? ' checked' : ''}> ${escapeHtml(p.words(1, 2))}</label>`).join(' ')}</span>`;
  } else {
    control = `<span class="choices">${Array.from({ length: 2 + p.int(3) }, (_, i) => `<label><input type="radio" name="${id}" value="r${i}"${hasValue && i === 1 ? ' checked' : ''}> ${escapeHtml(p.words(1, 2))}</label>`).join(' ')}</span>`;
  }
  const hint = p.int(3) === 0 ? `\n          <span class="field__hint tx">${escapeHtml(p.words(3, 8))}</span>` : '';
  return `<div class="item field" id="row-${n}">
          <label for="${id}" class="tx">${escapeHtml(label)}</label>
          ${control}${hint}
          <span class="field__error swap"></span>
        </div>`;
}

function formPage(seed) {
  const p = picker(seededRandom(seed));
  const groups = [];
  for (let g = 0; g < 15; g++) {
    const fields = Array.from({ length: 20 }, (_, i) => formField(p, g * 20 + i + 1)).join('\n        ');
    groups.push(`<fieldset id="group-${g + 1}">
        <legend class="tx">${escapeHtml(p.title(2, 4))}</legend>
        ${fields}
      </fieldset>`);
  }
  const html = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Application form — Bench</title>
  <style>${FORM_CSS}</style>
</head>
<body>
  <form id="application" action="/apply" method="post">
    <h1>Application</h1>
    <input type="hidden" name="csrf" value="token-123">
      ${groups.join('\n      ')}
    <button type="submit">Submit</button>
  </form>
</body>
</html>`;
  const newItems = Array.from({ length: 64 }, (_, i) => formField(p, 1001 + i));
  // Values typed before the capture starts: the properties differ from the attributes, as after real typing.
  const prefill = Array.from({ length: 40 }, (_, i) => ({ index: i * 7, value: `typed value ${i}` }));
  return { html, newItems, probe: { selector: '#row-123 label', prefill } };
}

// ---------------------------------------------------------------------------------------------------------------
// 3. A 30,000-node page with 200 CSS rules.

function bigCss(p) {
  const rules = [];
  const props = [
    () => `color:#${p.int(0xffffff).toString(16).padStart(6, '0')}`,
    () => `margin:${p.int(20)}px ${p.int(20)}px`,
    () => `padding:${p.int(16)}px`,
    () => `font-size:${11 + p.int(10)}px`,
    () => `border:1px solid #${p.int(0xfff).toString(16).padStart(3, '0')}`,
    () => `display:${p.pick(['block', 'flex', 'grid', 'inline-block'])}`,
    () => `line-height:${(1.2 + p.int(6) / 10).toFixed(1)}`,
    () => `background:#${p.int(0xffffff).toString(16).padStart(6, '0')}`,
    () => `gap:${p.int(12)}px`,
    () => `text-transform:${p.pick(['none', 'uppercase', 'capitalize'])}`,
  ];
  const selectors = [
    () => `.c${p.int(40)}`,
    () => `.block .c${p.int(40)} > span`,
    () => `#b${1 + p.int(300)} .c${p.int(40)}`,
    () => `.block:nth-child(${2 + p.int(5)}n) li`,
    () => `ul.c${p.int(40)} li:first-child`,
    () => `.c${p.int(40)}:hover a`,
    () => `section.block > h2.c${p.int(40)}`,
  ];
  while (rules.length < 200) {
    const body = Array.from({ length: 2 + p.int(4) }, () => p.pick(props)()).join(';');
    rules.push(`${p.pick(selectors)()}{${body}}`);
  }
  return rules;
}

/** One block of about 100 nodes (elements and text, counting whitespace between elements). */
function bigBlock(p, n) {
  const c = () => `c${p.int(40)}`;
  const li = () => `<li class="${c()}"><a href="/doc/${p.int(9999)}">${escapeHtml(p.words(1, 3))}</a> <span class="tx">${escapeHtml(p.words(1, 4))}</span></li>`;
  const para = () => `<p class="${c()}">${escapeHtml(p.words(5, 15))} <strong>${escapeHtml(p.words(1, 2))}</strong> ${escapeHtml(p.words(3, 8))} <em class="tx">${escapeHtml(p.words(1, 3))}</em>.</p>`;
  const cell = () => `<td class="${c()}">${escapeHtml(p.words(1, 2))}</td>`;
  return `<section class="item block" id="b${n}">
      <h2 class="${c()} tx">${escapeHtml(p.title(2, 5))}</h2>
      <div class="${c()}">${para()}${para()}</div>
      <ul class="${c()}">${Array.from({ length: 5 }, li).join('')}</ul>
      <table class="${c()}"><tbody><tr>${cell()}${cell()}${cell()}</tr><tr>${cell()}${cell()}${cell()}</tr></tbody></table>
      <div class="${c()}"><div class="${c()}"><span class="${c()}">${escapeHtml(p.words(2, 5))}</span> <span class="${c()} tx">${p.int(1000)}</span></div>${para()}</div>
      <aside class="swap ${c()}"><span>${escapeHtml(p.words(1, 3))}</span></aside>${n % 25 === 0 ? `\n      <label>Note <input name="note${n}" value="${escapeHtml(p.words(1, 2))}"></label>` : ''}
    </section>`;
}

function bigPage(seed) {
  const p = picker(seededRandom(seed));
  const rules = bigCss(p);
  const blocks = Array.from({ length: 300 }, (_, i) => bigBlock(p, i + 1)).join('\n    ');
  const html = `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Documentation — Bench</title>
  <style>
${rules.join('\n')}
  </style>
</head>
<body>
  <main id="content">
    ${blocks}
  </main>
</body>
</html>`;
  const newItems = Array.from({ length: 64 }, (_, i) => bigBlock(p, 10001 + i));
  return { html, newItems, probe: { selector: '#b123 h2', prefill: [] }, knownRule: rules[123] };
}

export const PAGES = [
  { name: 'shop', title: 'Shop catalog, 5,000 product cards', build: () => shopPage(1) },
  { name: 'form', title: 'Form, 300 fields', build: () => formPage(2) },
  { name: 'big', title: '30,000-node page, 200 CSS rules', build: () => bigPage(3) },
];
