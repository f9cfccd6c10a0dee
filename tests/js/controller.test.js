// The playback controller, without a browser: node --test tests/js/
"use strict";
const test = require("node:test");
const assert = require("node:assert");
const path = require("node:path");
const { Controller } = require(path.join(__dirname, "../../src/natomap/render/player/controller.js"));

const DATES = ["1949-08-24", "1952-02-18", "1955-05-06", "1999-03-12", "2004-03-29"];

// A clock that runs only when told to: "plays to the end" in microseconds, not seconds.
function fakeClock() {
  const pending = [];
  return {
    pending,
    schedule(fn, ms) {
      pending.push({ fn, ms });
      return pending.length;
    },
    cancel(handle) {
      pending[handle - 1].cancelled = true;
    },
    runAll() {
      let ran = 0;
      while (pending.some((p) => !p.done && !p.cancelled)) {
        const next = pending.find((p) => !p.done && !p.cancelled);
        next.done = true;
        next.fn();
        ran++;
      }
      return ran;
    },
  };
}

function quiet(fn) {
  const warn = console.warn;
  const warnings = [];
  console.warn = (m) => warnings.push(m);
  try {
    return [fn(), warnings];
  } finally {
    console.warn = warn;
  }
}

test("plays to the end and stops on the last frame", () => {
  const clock = fakeClock();
  const c = new Controller(DATES, { speed: 1500, clock });
  const seen = [];
  c.onChange((state) => seen.push([state.current, state.playing]));
  c.play();
  assert.strictEqual(c.playing, true);
  const ticks = clock.runAll();
  assert.strictEqual(c.current, DATES.length - 1);
  assert.strictEqual(c.playing, false);
  assert.strictEqual(ticks, DATES.length - 1);
  assert.deepStrictEqual(seen.at(-1), [4, false]);
  assert.ok(clock.pending.every((p) => p.ms === 1500));
});

test("play from the last frame starts again; pause stops the clock", () => {
  const clock = fakeClock();
  const c = new Controller(DATES, { clock });
  c.goTo(c.last());
  c.play();
  assert.deepStrictEqual([c.current, c.playing], [0, true]);
  c.pause();
  assert.strictEqual(clock.runAll(), 0);
  assert.deepStrictEqual([c.current, c.playing], [0, false]);
});

test("state machine steps clamp and stop playing", () => {
  const c = new Controller(["a", "b", "c"].map((_, i) => `200${i}-01-01`), { clock: fakeClock() });
  c.play();
  c.tick();
  assert.deepStrictEqual([c.current, c.playing], [1, true]);
  c.tick();
  assert.deepStrictEqual([c.current, c.playing], [2, false]);
  c.tick();
  assert.deepStrictEqual([c.current, c.playing], [2, false]);
  c.play();
  assert.deepStrictEqual([c.current, c.playing], [0, true]);
  c.step(-5);
  assert.deepStrictEqual([c.current, c.playing], [0, false]);
});

test("dates snap to the frame shown that day; years and months mean their end", () => {
  const c = new Controller(DATES, { clock: fakeClock() });
  assert.strictEqual(c.goTo("2004-03-29"), "2004-03-29");
  assert.strictEqual(c.goTo("2000-01-01"), "1999-03-12");
  assert.strictEqual(c.goTo("1955"), "1955-05-06");
  assert.strictEqual(c.goTo("1955-04"), "1952-02-18");
  assert.strictEqual(c.goTo("2004-03"), "2004-03-29");
  assert.strictEqual(c.goTo(1), "1952-02-18");
  assert.strictEqual(Controller.endOfPeriod("2024-02"), "2024-02-29");
  assert.strictEqual(Controller.endOfPeriod("2023-02-29"), null);
});

test("bad input is refused with a warning and the film stays where it is", () => {
  const c = new Controller(DATES, { clock: fakeClock() });
  c.goTo("1999-03-12");
  for (const bad of [NaN, 1.5, -1, 99, undefined, null, {}, "abc", "1930-01-01", "2004-13-01"]) {
    const [result, warnings] = quiet(() => c.goTo(bad));
    assert.strictEqual(result, "1999-03-12", String(bad));
    assert.strictEqual(warnings.length, 1, String(bad));
  }
  const [, warnings] = quiet(() => c.step(0.5));
  assert.strictEqual(warnings.length, 1);
  assert.strictEqual(c.current, 3);
});

test("hashes are read without ever throwing", () => {
  assert.strictEqual(Controller.hashDate("#2004-03-29"), "2004-03-29");
  assert.strictEqual(Controller.hashDate("#2004"), "2004");
  assert.strictEqual(Controller.hashDate("#%"), null);
  assert.strictEqual(Controller.hashDate("#%E0%A4%A"), null);
  assert.strictEqual(Controller.hashDate("#<script>"), null);
  assert.strictEqual(Controller.hashDate(""), null);
});
