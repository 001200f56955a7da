/* speaksafe embed. On a partner's page:
 *   <script src="https://COLLECTOR/embed.js" data-survey="youth-voice" async></script>
 * puts the survey in a frame right after the script; <div data-speaksafe-survey="ID"> placeholders
 * anywhere on the page are filled too. Optional attributes (on a placeholder, else the script's):
 * data-lang, data-title, data-theme-{brand,text,background,link,button} (#rgb or #rrggbb) and
 * data-theme-font (a font family list); the survey checks them again.
 * The frame keeps the answers out of reach of the page's own scripts. It is as tall as the window
 * and the survey scrolls inside it: a frame that grew with its page would tell this page's scripts
 * when a follow-up question appeared, and so what was answered. This script takes only two
 * messages, only from the collector's origin and only from a frame it made: the frame's exit
 * address, keys and button words ("ready"), and "exit". Escape, or Shift pressed alone three times
 * within 5 s, while focus is on this page leaves too. While the frame's top (with its own "Leave
 * this site" button) is above the window and the survey still on screen, this page shows the same
 * button, fixed at the top. Plain JavaScript, no dependencies. */
(function () {
  'use strict';
  var me = document.currentScript;
  if (!me || !me.src) return;
  var origin = new URL(me.src).origin;
  var frames = [];
  var NEUTRAL = 'https://www.bbc.co.uk/weather';
  var THEME = ['brand', 'text', 'background', 'link', 'button', 'font'];
  var SANDBOX = 'allow-scripts allow-forms allow-same-origin allow-top-navigation-by-user-activation ' +
    'allow-popups allow-popups-to-escape-sandbox';

  function attr(el, name) {
    return el.getAttribute('data-' + name) || me.getAttribute('data-' + name);
  }

  function frame(el, survey) {
    var q = 'survey=' + encodeURIComponent(survey) + '&embed=1&host=' + encodeURIComponent(location.origin);
    var lang = attr(el, 'lang');
    if (lang) q += '&lang=' + encodeURIComponent(lang);
    THEME.forEach(function (name) {
      var v = attr(el, 'theme-' + name);
      if (v) q += '&theme-' + name + '=' + encodeURIComponent(v);
    });
    var f = document.createElement('iframe');
    f.src = origin + '/?' + q;
    f.title = attr(el, 'title') || 'Survey';
    f.setAttribute('referrerpolicy', 'no-referrer');
    f.setAttribute('allow', '');
    f.setAttribute('sandbox', SANDBOX);
    f.setAttribute('data-speaksafe-frame', survey);
    f.style.display = 'block';
    f.style.width = '100%';
    // As tall as the window (the visible part of it on phones, where the browser knows it), never
    // as tall as the survey's page: see the top of this file.
    f.style.height = '100vh';
    f.style.height = '100dvh';
    f.style.border = '0';
    // The way out while the frame's own button is out of view: shown by place().
    var b = document.createElement('button');
    b.type = 'button';
    b.textContent = 'Leave this site';
    b.setAttribute('data-speaksafe-leave', survey);
    var s = b.style;
    s.display = 'none';
    s.position = 'fixed';
    s.top = '0';
    s.left = '0';
    s.right = '0';
    s.zIndex = '2147483646';
    s.minHeight = '2.75rem';
    s.margin = '0';
    s.padding = '.5rem 1rem';
    s.border = '0';
    s.borderRadius = '0';
    s.font = '700 1rem/1.2 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';
    s.color = '#fff';
    s.background = '#d4351c';
    s.cursor = 'pointer';
    var entry = { el: f, button: b, exit: null };
    b.addEventListener('click', function () { leave(entry.exit && entry.exit.url); });
    frames.push(entry);
    var both = document.createDocumentFragment();
    both.appendChild(b);
    both.appendChild(f);
    return both;
  }

  // Shows a frame's button on this page while the frame's top (with its own button) is above the
  // window and enough of the survey is still on screen to be seen answering it.
  function place() {
    frames.forEach(function (f) {
      var r = f.el.getBoundingClientRect();
      f.button.style.display = f.exit && r.top < 0 && r.bottom > 48 ? 'block' : 'none';
    });
  }

  function fill() {
    var survey = me.getAttribute('data-survey');
    if (survey && me.parentNode) me.parentNode.insertBefore(frame(me, survey), me.nextSibling);
    var spots = document.querySelectorAll('[data-speaksafe-survey]');
    for (var i = 0; i < spots.length; i++) {
      if (!spots[i].querySelector('iframe')) spots[i].appendChild(frame(spots[i], spots[i].getAttribute('data-speaksafe-survey')));
    }
  }

  function web(url) {
    try {
      var p = new URL(url).protocol;
      return p === 'https:' || p === 'http:';
    } catch (e) {
      return false;
    }
  }

  // Leaves: the frames go first (nothing of the survey stays on screen), then this page is
  // replaced, so that Back does not come back to it. A page on a host needs no click to do this.
  function leave(url) {
    frames.forEach(function (f) { f.el.remove(); });
    if (document.body) document.body.style.setProperty('display', 'none', 'important');
    try {
      location.replace(url || NEUTRAL);
    } catch (e) {
      // An address the browser refuses must not leave the respondent here.
      location.replace(NEUTRAL);
    }
  }

  addEventListener('message', function (e) {
    if (e.origin !== origin) return;
    var f = frames.filter(function (x) { return x.el.contentWindow === e.source; })[0];
    var d = e.data;
    if (!f || !d || typeof d !== 'object') return;
    if (d.speaksafe === 'ready' && d.exit && typeof d.exit.url === 'string' && web(d.exit.url)) {
      f.exit = { url: d.exit.url, escape: d.exit.escape === true, shift: d.exit.shift === true };
      if (typeof d.exit.label === 'string' && d.exit.label.trim() && d.exit.label.length <= 40) f.button.textContent = d.exit.label;
    } else if (d.speaksafe === 'exit') {
      leave(f.exit && f.exit.url);
    }
    place();
  });

  // The exit keys on this page: the first survey that has the key on decides where to go.
  function exitFor(key) {
    for (var i = 0; i < frames.length; i++) if (frames[i].exit && frames[i].exit[key]) return frames[i].exit.url;
    return null;
  }
  var shifts = [];
  var shiftAlone = false;
  function go(e, url) {
    e.preventDefault();
    e.stopImmediatePropagation();
    leave(url);
  }
  document.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' || e.key === 'Esc') {
      var url = exitFor('escape');
      if (url) go(e, url);
    } else if (e.key === 'Shift') {
      if (!e.repeat) shiftAlone = true;
    } else {
      shifts = [];
      shiftAlone = false;
    }
  }, true);
  document.addEventListener('keyup', function (e) {
    if (e.key !== 'Shift' || !shiftAlone) return;
    shiftAlone = false;
    var url = exitFor('shift');
    if (!url) return;
    var now = e.timeStamp;
    shifts = shifts.filter(function (t) { return now - t <= 5000; });
    shifts.push(now);
    if (shifts.length >= 3) go(e, url);
  }, true);

  addEventListener('scroll', place, { passive: true });
  addEventListener('resize', place);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fill);
  else fill();
})();
