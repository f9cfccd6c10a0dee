/* natomap player, part 1 of 5: the playback controller.
 *
 * The state machine of a film (frames, current frame, playing or not, speed) and the rules
 * for finding a frame from a date or an address, with no DOM and no Leaflet: tests run it in
 * node (tests/js/), and the view only draws what it says. Time comes from a scheduler that
 * can be replaced (setTimeout in the page, a fake clock in tests).
 *
 *   var c = new Controller(["1949-08-24", ...], {speed: 1500});
 *   c.onChange(function (state) { ... });  c.play();  c.goTo("2004-03-29");
 */
(function (root) {
  "use strict";

  var DAY = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

  var realClock = {
    schedule: function (fn, ms) {
      return setTimeout(fn, ms);
    },
    cancel: function (handle) {
      clearTimeout(handle);
    },
  };

  function warn(message) {
    if (typeof console !== "undefined" && console.warn) console.warn("natomap: " + message);
  }

  function Controller(dates, options) {
    options = options || {};
    if (!dates || !dates.length) throw new Error("natomap: a film needs at least one frame");
    this.dates = dates.slice();
    this.speed = options.speed || 1500; // milliseconds per frame
    this.clock = options.clock || realClock;
    this.current = 0;
    this.playing = false;
    this.listeners = [];
    this.timer = null;
  }

  Controller.prototype = {
    count: function () {
      return this.dates.length;
    },
    last: function () {
      return this.dates.length - 1;
    },
    date: function () {
      return this.dates[this.current];
    },
    onChange: function (fn) {
      this.listeners.push(fn);
    },
    // The one place state changes: clamps, notifies, starts or stops the clock.
    set: function (index, playing) {
      index = Math.max(0, Math.min(this.last(), index));
      if (index === this.current && playing === this.playing) return;
      var moved = index !== this.current;
      this.current = index;
      this.playing = playing;
      this._clock();
      for (var i = 0; i < this.listeners.length; i++) this.listeners[i](this, moved);
    },
    _clock: function () {
      var self = this;
      if (this.playing && this.timer === null) {
        this.timer = this.clock.schedule(function run() {
          self.timer = null;
          self.tick();
        }, this.speed);
      } else if (!this.playing && this.timer !== null) {
        this.clock.cancel(this.timer);
        this.timer = null;
      }
    },
    // One clock tick: advance, and stop on the last frame.
    tick: function () {
      if (!this.playing) return;
      var next = this.current + 1;
      this.set(next, next < this.last());
      this._clock();
    },
    goTo: function (target) {
      var index = this.indexOf(target);
      if (index === null) return this.date();
      this.set(index, false);
      return this.date();
    },
    step: function (delta) {
      if (typeof delta !== "number" || !isFinite(delta) || Math.floor(delta) !== delta) {
        warn("step() takes a whole number of frames, not " + String(delta));
        return;
      }
      this.set(this.current + delta, false);
    },
    play: function () {
      // Playing from the last frame starts the film again.
      this.set(this.current === this.last() ? 0 : this.current, true);
    },
    pause: function () {
      this.set(this.current, false);
    },
    toggle: function () {
      if (this.playing) this.pause();
      else this.play();
    },
    setSpeed: function (ms) {
      if (typeof ms !== "number" || !isFinite(ms) || ms < 50) {
        warn("speed must be a number of milliseconds of at least 50, not " + String(ms));
        return;
      }
      this.speed = ms;
    },

    /* Finding a frame. A frame index (a whole number in range), or a day: the frame the map
     * shows that day, the latest on or before it. "YYYY" and "YYYY-MM" mean the map as it
     * stands at the end of that year or month. Anything else is refused with a warning and
     * null, and the film stays where it is. */
    indexOf: function (target) {
      if (typeof target === "number") {
        if (isFinite(target) && Math.floor(target) === target && target >= 0 && target <= this.last()) {
          return target;
        }
        warn("no frame number " + String(target) + " (0 to " + this.last() + ")");
        return null;
      }
      if (typeof target !== "string") {
        warn("goTo() takes a date (YYYY-MM-DD, YYYY-MM or YYYY) or a frame number");
        return null;
      }
      var day = Controller.endOfPeriod(target.trim());
      if (day === null) {
        warn("'" + target.slice(0, 40) + "' is not a date (YYYY-MM-DD, YYYY-MM or YYYY)");
        return null;
      }
      var found = -1;
      for (var i = 0; i < this.dates.length; i++) if (this.dates[i] <= day) found = i;
      if (found < 0) {
        warn(target + " is before the first frame (" + this.dates[0] + ")");
        return null;
      }
      return found;
    },
  };

  /* The last day of the period a date names ("2004" -> "2004-12-31", "2004-02" ->
   * "2004-02-29"), the day itself for a full date, or null if it is not a real date. */
  Controller.endOfPeriod = function (text) {
    var m = DAY.exec(text);
    if (!m) return null;
    var year = Number(m[1]);
    var month = m[2] ? Number(m[2]) : 12;
    if (month < 1 || month > 12) return null;
    var last = new Date(Date.UTC(year, month, 0)).getUTCDate();
    var day = m[3] ? Number(m[3]) : last;
    if (day < 1 || day > last) return null;
    var pad = function (n) {
      return (n < 10 ? "0" : "") + n;
    };
    return m[1] + "-" + pad(month) + "-" + pad(day);
  };

  /* The date in an address's hash ("#2004-03-29"), or null. Never throws: "#%" and other
   * malformed escapes are simply not dates. */
  Controller.hashDate = function (hash) {
    var text = String(hash || "").replace(/^#/, "");
    try {
      text = decodeURIComponent(text);
    } catch (e) {
      return null;
    }
    return DAY.test(text.trim()) ? text.trim() : null;
  };

  root.Controller = Controller;
  if (typeof module !== "undefined" && module.exports) module.exports = { Controller: Controller };
})(typeof window !== "undefined" ? (window.natomap = window.natomap || { maps: [] }) : this);
