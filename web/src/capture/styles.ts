import type { Adoption, NodeId, SheetDefinition, SheetId, StyleChange, StyleFrame } from '../protocol/frames';
import { isDocumentNode, isHtmlElement } from './dom';
import { maskCssStrings, type MaskPolicy } from './mask';
import type { NodeIds } from './node-ids';
import { absoluteCssUrls } from './urls';

type Restore = () => void;
type Root = Document | ShadowRoot;
type IndexedChange = { op: 'insert'; index: number; rule: string } | { op: 'delete'; index: number };
type Realm = Window & typeof globalThis;

const ADOPTION_POLL_MS = 1000;

/**
 * CSSOM changes (insertRule/deleteRule, replace/replaceSync, adoptedStyleSheets) change no DOM node, so no mutation
 * observer sees them; CSS-in-JS libraries style whole pages this way. The page's CSSOM methods are wrapped (per
 * window, restored on stop) and their effect sent once per animation frame, after the DOM mutations of that frame.
 */
export class StyleCapture {
  private readonly sheetIds = new WeakMap<CSSStyleSheet, SheetId>();
  private nextSheetId = 1;
  /** Constructed sheets whose definition was sent, so later changes can refer to their id. */
  private readonly defined = new WeakSet<CSSStyleSheet>();
  /** Sheets whose rules a script changed: their owner's text no longer describes them. */
  private readonly changedByScript = new WeakSet<CSSStyleSheet>();
  /** The change counter when a sheet's whole rule list was last serialized: older changes are already in it. */
  private readonly serializedAt = new WeakMap<CSSStyleSheet, number>();
  private counter = 0;
  private changes: Array<{ sheet: CSSStyleSheet; at: number; change: IndexedChange }> = [];
  private wholeSheets = new Set<CSSStyleSheet>();
  /** Rules whose declarations a script changed, with the change counter of the latest change. */
  private changedRules = new Map<CSSRule, number>();
  private adoptions = new Set<Root>();
  private definitions: SheetDefinition[] = [];
  private scheduled = false;
  private readonly restores: Restore[] = [];
  private readonly patchedWindows = new WeakSet<Window>();
  /** Roots serialized so far and the sheets they adopted then: `adoptedStyleSheets.push()` calls no setter. */
  private readonly adoptingRoots = new Map<Root, readonly CSSStyleSheet[]>();
  private pollTimer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly ids: NodeIds,
    private readonly policy: MaskPolicy,
    private readonly send: (frame: StyleFrame) => void,
    /** Sends pending DOM mutations first, so a change never refers to a node the mirror does not have yet. */
    private readonly beforeFlush: () => void,
  ) {}

  /** Wraps the CSSOM of a window: the page's, or a same-origin iframe's (each realm has its own prototypes). */
  patch(win: Realm): void {
    if (this.patchedWindows.has(win)) return;
    this.patchedWindows.add(win);
    const capture = this;
    const sheetPrototype = win.CSSStyleSheet?.prototype;
    if (!sheetPrototype) return;
    this.wrap(sheetPrototype, 'insertRule', (original) => function insertRule(this: CSSStyleSheet, rule: string, index?: number) {
      const inserted = original.call(this, rule, index) as number;
      capture.recordInsert(this, inserted);
      return inserted;
    });
    this.wrap(sheetPrototype, 'deleteRule', (original) => function deleteRule(this: CSSStyleSheet, index: number) {
      original.call(this, index);
      capture.record(this, { op: 'delete', index });
    });
    this.wrap(sheetPrototype, 'replaceSync', (original) => function replaceSync(this: CSSStyleSheet, text: string) {
      original.call(this, text);
      capture.recordWhole(this);
    });
    this.wrap(sheetPrototype, 'replace', (original) => function replace(this: CSSStyleSheet, text: string) {
      const done = original.call(this, text) as Promise<CSSStyleSheet>;
      done.then(() => capture.recordWhole(this), () => {});
      return done;
    });
    // Legacy addRule/removeRule, and rules inserted inside @media/@supports: rare enough to resend the whole sheet.
    for (const method of ['addRule', 'removeRule']) {
      this.wrap(sheetPrototype, method, (original) => function legacy(this: CSSStyleSheet, ...args: unknown[]) {
        const result = original.apply(this, args);
        capture.recordWhole(this);
        return result;
      });
    }
    const groupingPrototype = win.CSSGroupingRule?.prototype;
    if (groupingPrototype) {
      for (const method of ['insertRule', 'deleteRule']) {
        this.wrap(groupingPrototype, method, (original) => function nested(this: CSSGroupingRule, ...args: unknown[]) {
          const result = original.apply(this, args);
          if (this.parentStyleSheet) capture.recordWhole(this.parentStyleSheet);
          return result;
        });
      }
    }
    // rule.style.setProperty(): how JSS (Material UI v4...) updates dynamic values. Element inline styles go through
    // the same method; they have no parentRule and cost one property read.
    const declarationPrototype = win.CSSStyleDeclaration?.prototype;
    if (declarationPrototype) {
      for (const method of ['setProperty', 'removeProperty']) {
        this.wrap(declarationPrototype, method, (original) => function declaration(this: CSSStyleDeclaration, ...args: unknown[]) {
          const result = original.apply(this, args);
          const rule = this.parentRule;
          if (rule) capture.recordRuleStyle(rule);
          return result;
        });
      }
    }
    for (const prototype of [win.Document?.prototype, win.ShadowRoot?.prototype]) {
      const descriptor = prototype && Object.getOwnPropertyDescriptor(prototype, 'adoptedStyleSheets');
      const originalSet = descriptor?.set;
      if (!prototype || !descriptor || !originalSet) continue;
      Object.defineProperty(prototype, 'adoptedStyleSheets', {
        ...descriptor,
        set(this: Root, sheets: CSSStyleSheet[]) {
          originalSet.call(this, sheets);
          capture.adoptions.add(this);
          capture.schedule();
        },
      });
      this.restores.push(() => Object.defineProperty(prototype, 'adoptedStyleSheets', descriptor));
    }
  }

  stop(): void {
    this.flush();
    clearInterval(this.pollTimer);
    this.pollTimer = undefined;
    this.adoptingRoots.clear();
    for (const restore of this.restores.splice(0)) restore();
  }

  /**
   * The rules of a <style> whose CSSOM no longer matches its text, or undefined when the text says it all. Changes
   * made through our wrappers are known; `beforeCapture` also looks for changes made before the window was wrapped
   * (while a whole document is serialized: the snapshot, or a frame's new document).
   */
  rulesOfStyleElement(style: HTMLStyleElement, beforeCapture: boolean): string[] | undefined {
    const sheet = style.sheet;
    if (!sheet) return undefined;
    const changed = this.changedByScript.has(sheet) || (beforeCapture && rulesDifferFromText(sheet, style.textContent ?? ''));
    return changed ? this.serializeRules(sheet) : undefined;
  }

  /** Ids of the constructed sheets a root adopts; sheets not yet on the wire are queued for definition. */
  adoptedSheetsOf(root: Root): SheetId[] | undefined {
    const sheets = root.adoptedStyleSheets;
    if (!sheets) return undefined;
    this.adoptingRoots.set(root, [...sheets]);
    this.pollTimer ??= setInterval(() => this.pollAdoptions(), ADOPTION_POLL_MS);
    if (sheets.length === 0) return undefined;
    return Array.from(sheets, (sheet) => this.define(sheet));
  }

  /** Definitions queued by serialization, for the frame about to be sent. */
  takeDefinitions(): SheetDefinition[] | undefined {
    if (this.definitions.length === 0) return undefined;
    const definitions = this.definitions;
    this.definitions = [];
    return definitions;
  }

  flush(): void {
    this.scheduled = false;
    this.beforeFlush();
    const changes: StyleChange[] = [];
    for (const rule of this.changedRules.keys()) {
      if (rule.parentRule && rule.parentStyleSheet) this.wholeSheets.add(rule.parentStyleSheet);
    }
    for (const sheet of this.wholeSheets) {
      const target = this.targetOf(sheet);
      const rules = target && this.serializeRules(sheet);
      if (target && rules) changes.push({ ...target, op: 'set', rules: this.maskedOwner(sheet) ? rules.map(maskCssStrings) : rules });
    }
    for (const { sheet, at, change } of this.changes) {
      if ((this.serializedAt.get(sheet) ?? -1) >= at) continue; // the mirror got a rule list that includes it
      const target = this.targetOf(sheet);
      if (!target) continue;
      const masked = change.op === 'insert' && this.maskedOwner(sheet);
      changes.push({ ...target, ...change, ...(masked && { rule: maskCssStrings(change.rule) }) });
    }
    // A top-level rule whose declarations changed is replaced in place, at its index once the changes above apply.
    for (const [rule, at] of this.changedRules) {
      const sheet = rule.parentStyleSheet;
      if (!sheet || (this.serializedAt.get(sheet) ?? -1) >= at) continue;
      const index = Array.prototype.indexOf.call(sheet.cssRules, rule);
      const target = index >= 0 ? this.targetOf(sheet) : undefined;
      if (!target) continue;
      const text = absoluteCssUrls(rule.cssText, sheetBase(sheet));
      changes.push({ ...target, op: 'delete', index }, { ...target, op: 'insert', index, rule: this.maskedOwner(sheet) ? maskCssStrings(text) : text });
    }
    this.changedRules = new Map();
    const adoptions: Adoption[] = [];
    for (const root of this.adoptions) {
      if (!this.ids.isMirrored(root) || (!isDocumentNode(root) && !root.host.isConnected)) continue;
      if (this.policy.contextOf(root) === 'redacted') continue; // e.g. a frame redacted after it was sent
      adoptions.push({ root: this.ids.idOf(root), sheets: this.adoptedSheetsOf(root) ?? [] });
    }
    this.changes = [];
    this.wholeSheets = new Set();
    this.adoptions = new Set();
    const definitions = this.takeDefinitions();
    if (!changes.length && !adoptions.length && !definitions) return;
    const frame: StyleFrame = { v: 1, t: 'style' };
    if (definitions) frame.definitions = definitions;
    if (changes.length) frame.changes = changes;
    if (adoptions.length) frame.adoptions = adoptions;
    this.send(frame);
  }

  /** Finds roots whose adopted list was changed in place (push, splice), which no setter reports. */
  private pollAdoptions(): void {
    for (const [root, sent] of this.adoptingRoots) {
      const gone = isDocumentNode(root) ? !root.defaultView : !root.host.isConnected;
      if (gone) {
        this.adoptingRoots.delete(root);
        continue;
      }
      const current = root.adoptedStyleSheets;
      if (current.length !== sent.length || current.some((sheet, index) => sheet !== sent[index])) {
        this.adoptions.add(root);
        this.schedule();
      }
    }
  }

  private define(sheet: CSSStyleSheet): SheetId {
    let id = this.sheetIds.get(sheet);
    if (id === undefined) {
      id = this.nextSheetId++;
      this.sheetIds.set(sheet, id);
    }
    if (!this.defined.has(sheet)) {
      this.defined.add(sheet);
      this.definitions.push({ id, rules: this.serializeRules(sheet) ?? [] });
    }
    return id;
  }

  /** Where a change lands in the mirror: a <style> it holds, or a constructed sheet it knows. */
  private targetOf(sheet: CSSStyleSheet): { node: NodeId } | { sheet: SheetId } | undefined {
    const owner = sheet.ownerNode;
    if (owner) {
      // A <link>'s sheet loads on its own in the mirror; changes to it are a known gap. Redacted CSS stays home.
      if (!isHtmlElement(owner, 'style') || !this.ids.isMirrored(owner) || this.policy.contextOf(owner) === 'redacted') return undefined;
      return { node: this.ids.idOf(owner) };
    }
    const id = this.sheetIds.get(sheet);
    return id !== undefined && this.defined.has(sheet) ? { sheet: id } : undefined;
  }

  /** A <style> in a masked subtree: its rules travel with their quoted strings masked (see maskCssStrings). */
  private maskedOwner(sheet: CSSStyleSheet): boolean {
    const owner = sheet.ownerNode;
    return owner !== null && this.policy.contextOf(owner) === 'masked';
  }

  private serializeRules(sheet: CSSStyleSheet): string[] | undefined {
    let rules: CSSRuleList;
    try {
      rules = sheet.cssRules;
    } catch {
      return undefined; // a cross-origin sheet
    }
    const base = sheetBase(sheet);
    this.serializedAt.set(sheet, this.counter);
    return Array.from(rules, (rule) => absoluteCssUrls(rule.cssText, base));
  }

  private recordInsert(sheet: CSSStyleSheet, index: number): void {
    const rule = sheet.cssRules[index];
    if (rule) this.record(sheet, { op: 'insert', index, rule: absoluteCssUrls(rule.cssText, sheetBase(sheet)) });
  }

  private record(sheet: CSSStyleSheet, change: IndexedChange): void {
    this.changedByScript.add(sheet);
    if (!this.mayBeMirrored(sheet)) return;
    this.changes.push({ sheet, at: ++this.counter, change });
    this.schedule();
  }

  private recordRuleStyle(rule: CSSRule): void {
    const sheet = rule.parentStyleSheet;
    if (!sheet) return;
    this.changedByScript.add(sheet);
    if (!this.mayBeMirrored(sheet)) return;
    this.changedRules.set(rule, ++this.counter);
    this.schedule();
  }

  private recordWhole(sheet: CSSStyleSheet): void {
    this.changedByScript.add(sheet);
    if (!this.mayBeMirrored(sheet)) return;
    this.counter++;
    this.wholeSheets.add(sheet);
    this.schedule();
  }

  /** A constructed sheet nobody adopted yet will be sent whole when it is; its changes until then are moot. */
  private mayBeMirrored(sheet: CSSStyleSheet): boolean {
    return sheet.ownerNode !== null || this.defined.has(sheet);
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => this.scheduled && this.flush());
  }

  private wrap(prototype: object, name: string, wrapper: (original: (...args: unknown[]) => unknown) => (...args: never[]) => unknown): void {
    const descriptor = Object.getOwnPropertyDescriptor(prototype, name);
    if (!descriptor || typeof descriptor.value !== 'function') return;
    Object.defineProperty(prototype, name, { ...descriptor, value: wrapper(descriptor.value) });
    this.restores.push(() => Object.defineProperty(prototype, name, descriptor));
  }
}

function sheetBase(sheet: CSSStyleSheet): string {
  return sheet.href ?? sheet.ownerNode?.baseURI ?? document.baseURI;
}

/**
 * A sheet changed through the CSSOM before the capture started (CSS-in-JS fills empty <style> tags this way).
 * Comparing rule counts with a parse of the text catches that, at the cost of one parse per inline sheet.
 */
function rulesDifferFromText(sheet: CSSStyleSheet, text: string): boolean {
  let count: number;
  try {
    count = sheet.cssRules.length;
  } catch {
    return false;
  }
  if (text.trim() === '') return count > 0;
  if (/@import/i.test(text)) return false; // replaceSync would ignore the imports and miscount
  try {
    probe ??= new CSSStyleSheet();
    probe.replaceSync(text);
    return probe.cssRules.length !== count;
  } catch {
    return false;
  }
}

let probe: CSSStyleSheet | undefined;
