// Injected before the fuzz page scripts (fuzz-mirror-driver.js, fuzz-stream-recorder.js, masking-program.js), which
// run in Chromium as plain scripts without a bundler: one seeded generator for all of them, so a seed printed by a
// failing run replays the same program.
(() => {
  /** mulberry32: a tiny seeded PRNG returning numbers in [0, 1). */
  function mulberry32(seed) {
    return () => {
      seed |= 0; seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  window.CoBrowsePrng = { mulberry32 };
})();
