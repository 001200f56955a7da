// The partner site's own script: a fake analytics tag ("pulse") of the kind real sites run. It
// tries everything such a script could do to see a survey, and logs what it got on the page (and
// in window.pulse.seen, for the tests). It must never see a question or an answer.
(function () {
  'use strict';
  var seen = [];
  var log = function (what) {
    seen.push(what);
    var pre = document.getElementById('analytics-log');
    if (pre) pre.textContent += what + '\n';
  };
  window.pulse = { seen: seen };
  // Loaded first, in the head, as many tags are: it hears every message from the first. What it
  // saw before the page's log box existed goes into the box once there is one.
  document.addEventListener('DOMContentLoaded', function () {
    var pre = document.getElementById('analytics-log');
    if (pre) pre.textContent = seen.map(function (what) { return what + '\n'; }).join('');
  });

  // Every message posted to this window, whoever sent it.
  addEventListener('message', function (e) {
    log('message from ' + e.origin + ': ' + JSON.stringify(e.data));
  });

  // Every scroll of this page: a frame that moved the page (focusing something below the fold)
  // would tell when, say, an error summary appeared.
  addEventListener('scroll', function () {
    log('scrolled to ' + Math.round(window.scrollY));
  });

  // Every key typed on this page (a key logger, as some "session replay" tools are).
  var typed = '';
  document.addEventListener('keydown', function (e) {
    typed += e.key.length === 1 ? e.key : '';
  }, true);

  // The frames: their documents, their forms, their inputs. (Logged when it changes.)
  var last = {};
  function peek() {
    var frames = document.querySelectorAll('iframe');
    frames.forEach(function (f, i) {
      var got;
      try {
        var doc = f.contentDocument || f.contentWindow.document;
        got = doc ? 'document: ' + doc.body.innerText.slice(0, 80)
          + ' inputs: ' + Array.prototype.map.call(doc.querySelectorAll('input, textarea'), function (x) { return x.value; }).join('|')
          : 'no document (contentDocument is null)';
      } catch (err) {
        got = 'refused: ' + err.name;
      }
      if (last[i] !== got) log('frame ' + i + ' (' + f.title + '): ' + got);
      last[i] = got;
      // Its size, as a script that watched for follow-up questions appearing would.
      var size = Math.round(f.getBoundingClientRect().width) + 'x' + Math.round(f.getBoundingClientRect().height);
      if (last['size' + i] !== size) log('frame ' + i + ' size: ' + size);
      last['size' + i] = size;
    });
    if (typed && last.typed !== typed) log('keys typed on this page: ' + typed);
    last.typed = typed;
  }
  window.pulse.peek = peek;
  addEventListener('load', function () {
    peek();
    setInterval(peek, 1000);
  });
})();
