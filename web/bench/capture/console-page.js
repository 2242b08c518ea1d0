// The benchmark's code inside the console page: rebuilds a mirror from the recorded snapshot, then applies the
// recorded mutation frames/events as fast as possible. Frames arrive as JSON text, so JSON.parse is counted.
(() => {
  const now = performance.now.bind(performance);

  function nodeCount(doc) {
    let count = 0;
    const walker = doc.createTreeWalker(doc, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) count++;
    return count;
  }

  function report(doc, probeSelector) {
    return { nodes: nodeCount(doc), probeText: doc.querySelector(probeSelector)?.textContent ?? null };
  }

  function mirrorOurs({ snapshot, frames, probeSelector }) {
    document.getElementById('root').replaceChildren();
    const iframe = document.createElement('iframe');
    iframe.style.cssText = 'width:1024px;height:768px;border:0';
    document.getElementById('root').appendChild(iframe);
    const start = now();
    const mirror = window.CoBrowseConsole.createMirror(iframe);
    for (const text of snapshot) mirror.apply(JSON.parse(text));
    const rebuildMs = now() - start;
    const applyStart = now();
    for (const text of frames) mirror.apply(JSON.parse(text));
    const applyMs = now() - applyStart;
    return { rebuildMs, applyMs, ...report(mirror.document, probeSelector) };
  }

  /**
   * rrweb's own replay path: the Replayer rebuilds Meta + FullSnapshot in a timeout it schedules itself (1 ms), so
   * its rebuild time is the constructor plus its rebuildFullSnapshot call, both measured, without the idle wait.
   * Incremental events go through the Replayer's cast functions, as live mode does for each arriving event.
   */
  async function mirrorRrweb({ snapshot, frames, probeSelector }) {
    const root = document.getElementById('root');
    root.replaceChildren();
    let rebuildCallMs = 0;
    const start = now();
    const events = snapshot.map((text) => JSON.parse(text));
    const replayer = new window.rrweb.Replayer(events, { root, showWarning: false, mouseTail: false });
    const constructMs = now() - start;
    const rebuild = replayer.rebuildFullSnapshot.bind(replayer);
    const rebuilt = new Promise((resolve) => {
      replayer.rebuildFullSnapshot = (...args) => {
        const callStart = now();
        rebuild(...args);
        rebuildCallMs = now() - callStart;
        resolve();
      };
    });
    await rebuilt;
    const rebuildMs = constructMs + rebuildCallMs;
    const applyStart = now();
    for (const text of frames) replayer.getCastFn(JSON.parse(text), false)();
    const applyMs = now() - applyStart;
    const result = { rebuildMs, applyMs, ...report(replayer.iframe.contentDocument, probeSelector) };
    replayer.destroy();
    return result;
  }

  window.__console = { mirrorOurs, mirrorRrweb };
})();
