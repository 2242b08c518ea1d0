// Installed before any page script (Playwright addInitScript), so before either capture engine loads. It wraps every
// way an engine gets called back by the browser — MutationObserver callbacks, requestAnimationFrame and timer
// callbacks, event listeners — plus (after the engine started, see hookEngineSetters) the property setters it
// patched, and adds up the time spent inside them. Nested calls count once (only the outermost call is timed).
// The benchmark's own driver uses the saved native functions, so none of its time lands in the totals.
(() => {
  const now = performance.now.bind(performance);
  const native = {
    requestAnimationFrame: window.requestAnimationFrame.bind(window),
    setTimeout: window.setTimeout.bind(window),
    MutationObserver: window.MutationObserver,
    addEventListener: EventTarget.prototype.addEventListener,
    removeEventListener: EventTarget.prototype.removeEventListener,
  };
  const bench = {
    native,
    ms: 0,
    calls: 0,
    byKind: {},
    depth: 0,
    reset() { this.ms = 0; this.calls = 0; this.byKind = {}; },
  };
  window.__bench = bench;

  /** Wraps fn so the time of its outermost invocations is added to the totals under `kind` (or kind(...args)). */
  function timed(kind, fn) {
    return function timedCallback(...args) {
      if (bench.depth > 0) return fn.apply(this, args);
      bench.depth++;
      const start = now();
      try {
        return fn.apply(this, args);
      } finally {
        const elapsed = now() - start;
        bench.depth--;
        bench.ms += elapsed;
        bench.calls++;
        const name = typeof kind === 'function' ? kind(...args) : kind;
        const entry = (bench.byKind[name] ??= { ms: 0, calls: 0 });
        entry.ms += elapsed;
        entry.calls++;
      }
    };
  }
  bench.timed = timed;

  // MutationObserver: rrweb takes `MutationObserver.prototype.constructor` and, when it does not look native, builds
  // its observer from a fresh iframe's pristine copy. A Proxy of the native constructor stringifies as native code,
  // and setting it as the prototype's constructor makes both engines construct through it.
  const ObserverProxy = new Proxy(native.MutationObserver, {
    construct(target, [callback], newTarget) {
      return Reflect.construct(target, [timed('MutationObserver', callback)], newTarget === ObserverProxy ? target : newTarget);
    },
  });
  native.MutationObserver.prototype.constructor = ObserverProxy;
  window.MutationObserver = ObserverProxy;

  window.requestAnimationFrame = function requestAnimationFrame(callback) {
    return native.requestAnimationFrame(timed('requestAnimationFrame', callback));
  };
  window.setTimeout = function setTimeout(callback, delay, ...rest) {
    return typeof callback === 'function' ? native.setTimeout(timed('setTimeout', callback), delay, ...rest) : native.setTimeout(callback, delay, ...rest);
  };

  const wrappedListeners = new WeakMap();
  EventTarget.prototype.addEventListener = function addEventListener(type, listener, options) {
    if (!listener) return native.addEventListener.call(this, type, listener, options);
    let wrapped = wrappedListeners.get(listener);
    if (!wrapped) {
      const call = typeof listener === 'function' ? listener : (event) => listener.handleEvent(event);
      wrapped = timed((event) => `event:${event?.type}`, call);
      wrappedListeners.set(listener, wrapped);
    }
    return native.addEventListener.call(this, type, wrapped, options);
  };
  EventTarget.prototype.removeEventListener = function removeEventListener(type, listener, options) {
    return native.removeEventListener.call(this, type, (listener && wrappedListeners.get(listener)) ?? listener, options);
  };

  // Setters an engine may patch to see values set by script. Recorded now (native) and compared after the engine
  // started: only a setter the engine replaced is wrapped, and the wrapper times the engine's whole setter.
  const SETTERS = [
    ['HTMLInputElement', 'value'], ['HTMLInputElement', 'checked'], ['HTMLTextAreaElement', 'value'],
    ['HTMLSelectElement', 'value'], ['HTMLSelectElement', 'selectedIndex'], ['HTMLOptionElement', 'selected'],
  ];
  const nativeSetters = SETTERS.map(([type, property]) => Object.getOwnPropertyDescriptor(window[type].prototype, property)?.set);
  bench.hookEngineSetters = () => {
    const hooked = [];
    SETTERS.forEach(([type, property], i) => {
      const prototype = window[type].prototype;
      const descriptor = Object.getOwnPropertyDescriptor(prototype, property);
      if (!descriptor?.set || descriptor.set === nativeSetters[i]) return;
      Object.defineProperty(prototype, property, { ...descriptor, set: timed('setter', descriptor.set) });
      hooked.push(`${type}.${property}`);
    });
    return hooked;
  };
})();
