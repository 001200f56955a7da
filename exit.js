/* speaksafe: the quick exit before the widget has started.
 *
 * The collector sends a survey's first screen as HTML, with "Leave this site" as a real link to
 * the survey's exit address (#ss-first-exit). This script, loaded first and small, makes that
 * screen as safe as the widget's: Escape and Shift pressed alone three times leave, with the
 * widget's own rules (src/quick_exit.rs), and the link leaves with location.replace, so that the
 * survey does not stay in the tab's history. Without JavaScript the link still leaves, as a link.
 *
 * When the widget starts, it arms its own keys and then calls speaksafeFirstExit.handover(),
 * which stops these and hands over a Shift count under way: there is no moment with neither.
 * On a page without a pre-rendered screen (the static build alone) this does nothing.
 */
(function () {
  'use strict';
  var SHIFT_WINDOW_MS = 5000;
  var NEUTRAL = 'https://www.bbc.co.uk/weather';
  var shifts = [];
  var shiftAlone = false;

  function link() { return document.getElementById('ss-first-exit'); }

  function framed() {
    try { return window.top !== window; } catch (e) { return true; }
  }

  // The partner's origin, as the widget checks it (src/embed.rs): exact, http(s), and (where the
  // browser tells) the parent's.
  function host() {
    var h = new URLSearchParams(location.search).get('host');
    if (!h) return null;
    try {
      if (new URL(h).origin !== h || !/^https?:\/\//.test(h)) return null;
    } catch (e) { return null; }
    var ancestors = location.ancestorOrigins;
    if (ancestors && ancestors[0] !== h) return null;
    return h;
  }

  function post(message) {
    var h = host();
    if (h && framed()) window.parent.postMessage(message, h);
  }

  function replace(target, url) {
    try { target.location.replace(url); } catch (e) { target.location.replace(NEUTRAL); }
  }

  function leave(clicked) {
    var a = link();
    if (!a) return;
    var url = a.href;
    shifts = [];
    shiftAlone = false;
    if (document.body) {
      var cover = document.createElement('div');
      cover.className = 'ss-exit-cover';
      cover.setAttribute('aria-hidden', 'true');
      document.body.replaceChildren(cover);
    }
    if (framed()) {
      // In a partner's frame the partner's page is what must go; after a click the frame may
      // take the whole tab itself (the sandbox allows it after a user's click).
      post({ speaksafe: 'exit' });
      if (clicked) {
        try { replace(window.top, url); } catch (e) { /* the partner's page leaves on the message */ }
      }
      return;
    }
    replace(window, url);
  }

  function on(a, key) { return !a || a.getAttribute(key) !== 'false'; }

  function onKey(event) {
    var a = link();
    if (!a) return;
    if (event.key === 'Escape' || event.key === 'Esc') {
      if (!on(a, 'data-escape')) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      leave(false);
    } else if (event.key === 'Shift') {
      if (!event.repeat) shiftAlone = true;
    } else {
      shifts = [];
      shiftAlone = false;
    }
  }

  function onKeyUp(event) {
    var a = link();
    if (!a || event.key !== 'Shift' || !shiftAlone || !on(a, 'data-shift')) return;
    shiftAlone = false;
    var now = event.timeStamp;
    shifts = shifts.filter(function (t) { return now - t <= SHIFT_WINDOW_MS; });
    shifts.push(now);
    if (shifts.length >= 3) {
      event.preventDefault();
      event.stopImmediatePropagation();
      leave(false);
    }
  }

  function onClick(event) {
    var a = event.target && event.target.closest && event.target.closest('#ss-first-exit');
    if (!a) return;
    event.preventDefault();
    leave(true);
  }

  document.addEventListener('keydown', onKey, true);
  document.addEventListener('keyup', onKeyUp, true);
  // The link stays this script's until the widget's screen replaces it.
  document.addEventListener('click', onClick, true);

  // In a partner's frame: tell the partner's page the exit now, so that its own exit keys work
  // before the widget has started (embed.js).
  function ready() {
    var a = link();
    if (!a || !framed()) return;
    post({
      speaksafe: 'ready',
      exit: { url: a.href, escape: on(a, 'data-escape'), shift: on(a, 'data-shift'), label: a.getAttribute('data-label') || '' },
    });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', ready);
  else ready();

  Object.defineProperty(window, 'speaksafeFirstExit', {
    value: Object.freeze({
      /** Stops the keys here; the Shift count under way, for the widget to go on with. */
      handover: function () {
        document.removeEventListener('keydown', onKey, true);
        document.removeEventListener('keyup', onKeyUp, true);
        var left = { shifts: shifts.slice(), shiftAlone: shiftAlone };
        shifts = [];
        shiftAlone = false;
        return left;
      },
    }),
  });
})();
