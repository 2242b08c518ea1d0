import type { SheetDefinition, SheetId } from '../protocol/frames';

/** A rule as it may reach the mirror (sanitized, URLs judged), or null when it must not. */
export type RuleFilter = (rule: string) => string | null;

type Root = Document | ShadowRoot;

/** Rules the mirror adds for its own overlays (focus), adopted after the page's sheets so they win ties. */
const MIRROR_RULES = ['[data-cobrowse-focus] { outline: 2px solid #1a73e8 !important; outline-offset: 1px !important; }'];

/**
 * Constructed style sheets of the customer's page. A constructed sheet can only be adopted in the document that
 * built it, so the mirror keeps the rule list once and builds one CSSStyleSheet per mirror document (the main one
 * and each same-origin iframe's) in that document's realm.
 */
export class MirrorSheets {
  private readonly rules = new Map<SheetId, string[]>();
  private instances = new Map<SheetId, Map<Document, CSSStyleSheet>>();
  private readonly mirrorSheets = new WeakMap<Document, CSSStyleSheet>();

  constructor(private readonly filter: RuleFilter) {}

  reset(): void {
    this.rules.clear();
    this.instances = new Map();
  }

  define(definition: SheetDefinition): void {
    if (typeof definition?.id !== 'number' || !Array.isArray(definition.rules)) return;
    this.rules.set(definition.id, definition.rules.map(String));
    for (const sheet of this.instances.get(definition.id)?.values() ?? []) replaceRules(sheet, definition.rules, this.filter);
  }

  insert(id: SheetId, index: number, rule: string): void {
    const rules = this.rules.get(id);
    if (!rules) return;
    rules.splice(Math.min(index, rules.length), 0, rule);
    for (const sheet of this.instances.get(id)?.values() ?? []) insertRule(sheet, rule, index, this.filter);
  }

  delete(id: SheetId, index: number): void {
    const rules = this.rules.get(id);
    if (!rules) return;
    rules.splice(index, 1);
    for (const sheet of this.instances.get(id)?.values() ?? []) deleteRule(sheet, index);
  }

  adopt(root: Root, ids: SheetId[]): void {
    const doc = documentOf(root);
    const sheets = ids.map((id) => this.instance(id, doc)).filter((sheet): sheet is CSSStyleSheet => !!sheet);
    const own = this.mirrorSheets.get(doc);
    if (own && root.adoptedStyleSheets.includes(own)) sheets.push(own);
    root.adoptedStyleSheets = sheets;
  }

  /** Makes the mirror's own rules apply inside a root (a document or a shadow root of the mirror). */
  ensureMirrorRules(root: Root): void {
    const doc = documentOf(root);
    let own = this.mirrorSheets.get(doc);
    if (!own) {
      own = construct(doc);
      if (!own) return;
      replaceRules(own, MIRROR_RULES, (rule) => rule); // the mirror's own rules
      this.mirrorSheets.set(doc, own);
    }
    if (!root.adoptedStyleSheets.includes(own)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, own];
  }

  private instance(id: SheetId, doc: Document): CSSStyleSheet | undefined {
    const rules = this.rules.get(id);
    if (!rules) return undefined;
    let perDocument = this.instances.get(id);
    if (!perDocument) this.instances.set(id, (perDocument = new Map()));
    let sheet = perDocument.get(doc);
    if (!sheet) {
      sheet = construct(doc);
      if (!sheet) return undefined;
      replaceRules(sheet, rules, this.filter);
      perDocument.set(doc, sheet);
    }
    return sheet;
  }
}

function documentOf(root: Root): Document {
  return root.nodeType === Node.DOCUMENT_NODE ? (root as Document) : (root.ownerDocument as Document);
}

/** A sheet in the document's own realm: adopting a sheet built by another document throws. */
function construct(doc: Document): CSSStyleSheet | undefined {
  const realm = doc.defaultView as (Window & typeof globalThis) | null;
  try {
    return realm ? new realm.CSSStyleSheet() : undefined;
  } catch {
    return undefined;
  }
}

/** Replaces all rules of a sheet (a <style>'s or a constructed one) with filtered ones, skipping any it rejects. */
export function replaceRules(sheet: CSSStyleSheet, rules: unknown[], filter: RuleFilter): void {
  try {
    while (sheet.cssRules.length) sheet.deleteRule(sheet.cssRules.length - 1);
  } catch {
    return;
  }
  for (const rule of rules) insertRule(sheet, rule, sheet.cssRules.length, filter);
}

/** Stands in for a rule the mirror refused or could not parse, so later rule indices still line up. */
const PLACEHOLDER_RULE = '@media not all {}';

export function insertRule(sheet: CSSStyleSheet, rule: unknown, index: unknown, filter: RuleFilter): void {
  if (typeof index !== 'number') return;
  const safe = typeof rule === 'string' ? filter(rule) : null;
  const at = Math.max(0, Math.min(index, sheet.cssRules.length));
  try {
    sheet.insertRule(safe ?? PLACEHOLDER_RULE, at);
  } catch {
    try {
      sheet.insertRule(PLACEHOLDER_RULE, at);
    } catch {
      // a sheet that takes no rules at all
    }
  }
}

export function deleteRule(sheet: CSSStyleSheet, index: unknown): void {
  if (typeof index !== 'number') return;
  try {
    sheet.deleteRule(index);
  } catch {
    // out of range: the mirror missed a change
  }
}
