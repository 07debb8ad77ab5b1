/* TV: the DOM glue of docs/tv-markup.md around TVNav. ES5 (ES3-safe), no layout reads:
 * items and containers are read again from the markup on every press. Needs TVKEYS/TVPROFILE
 * inlined before it and the page parsed (put the scripts last in body).
 * Test hooks: TV.press("DOWN"), TV.focused(), TV.profile, TV.handled (presses acted on). */
var TV = (function (W, D) {
  var L = W.location, N = TVNav, S = [], links = [], cid = null, ce, from = null, busy = 0,
    lastEv, lastRet, lk, lt, lts = 0, ld, mk, mt = 0,
    DIR = {UP: 1, DOWN: 1, LEFT: 1, RIGHT: 1},
    tv = {profile: W.TVPROFILE, handled: 0, focused: function () { return cid; }, press: act};

  function now() { return +new Date(); }
  function at(e, n) { return e.getAttribute(n); }
  function B(n) { return at(D.body, n); }
  function by(l, f, v) {
    for (var i = 0; i < l.length; i++) if (l[i][f] === v) return l[i];
  }

  // Read items (.f with an id), key links and containers from the markup.
  function collect() {
    var all = D.getElementsByTagName('*'), items = [], i, e, p, c, k, b, hid;
    links = [];
    for (i = 0; i < all.length; i++) {
      e = all[i];
      if (at(e, 'data-container') != null) {
        e.tvc = {el: e, block: at(e, 'data-block-exit') || '', enter: at(e, 'data-enter'),
          focus: at(e, 'data-focus'), next: at(e, 'data-next'), prev: at(e, 'data-prev'),
          modal: at(e, 'data-modal') != null};
      }
      k = at(e, 'data-key');
      if (!k && !(e.id && /(^|\s)f(\s|$)/.test(e.className))) continue;
      for (c = [], hid = 0, p = e; p && p.getAttribute; p = p.parentNode) {
        if (at(p, 'hidden') != null) hid = 1;
        if (at(p, 'data-container') != null) c.unshift(p.tvc);
      }
      if (hid) continue;
      if (k) links.push({key: k, el: e, c: c});
      if (e.id && /(^|\s)f(\s|$)/.test(e.className) && at(e, 'disabled') == null && at(e, 'aria-disabled') != 'true') {
        b = (at(e, 'data-box') || '').split(',');
        items.push({id: e.id, el: e, box: [+b[0], +b[1], +b[2], +b[3]], c: c,
          num: at(e, 'data-num'), af: at(e, 'data-autofocus') != null});
      }
    }
    S = N.trap(items);
  }

  function set(it) {
    cid = it.id;
    ce = it.el;
    for (var i = 0; i < it.c.length; i++) {
      it.c[i].focus = cid;
      it.c[i].el.setAttribute('data-focus', cid);
    }
    if (D.activeElement !== it.el) it.el.focus();
  }

  // Initial focus in the current scope: #f=ID|:first|:last, data-autofocus, first item.
  function start() {
    collect();
    var m = /[#&]f=([^&]*)/.exec(L.hash), f = '', l = S, p = pager(), it;
    try { f = decodeURIComponent(m[1]); } catch (x) {}
    if (f == ':first' || f == ':last') {
      if (p) l = N.within(S, p);
      it = l[f == ':first' ? 0 : l.length - 1];
    } else it = by(S, 'id', f);
    it = it || by(S, 'af', true) || S[0];
    if (it) set(it);
  }

  // The first paged container on the page.
  function pager() {
    for (var i = 0, j, c; i < S.length; i++) {
      for (j = 0; j < S[i].c.length; j++) {
        c = S[i].c[j];
        if (c.next || c.prev) return c;
      }
    }
  }

  // Re-read the page and make sure the focused item is valid and really has DOM focus.
  function ready() {
    collect();
    var it = by(S, 'el', D.activeElement) || by(S, 'id', cid);
    if (it) set(it);
    else {
      if (S.modal && from == null) from = cid;
      start();
    }
    return it;
  }

  function sync() {
    if (cid != null && D.activeElement !== ce && now() - busy > 2000) ready();
  }

  // Back stack: cookie tvback = "URL!ID|URL!ID..." (each part encodeURIComponent), top last.
  function stack() {
    var m = /(?:^|;\s*)tvback=([^;]*)/.exec(D.cookie);
    return m && m[1] ? m[1].split('|') : [];
  }
  function save(a) {
    D.cookie = 'tvback=' + a.join('|') + ';path=/';
  }
  // Whether u is the address the box is already on: going there would load nothing (the same
  // URL and fragment fire no hashchange) and leave the remote waiting, so the engine stays put.
  function here(u) {
    var a = D.createElement('a');
    a.href = u;
    return a.href == L.href;
  }
  function go(u) {
    if (u && !here(u)) {
      busy = now();
      L.href = u;
    }
  }
  function follow(e) {
    if (e.href && here(e.href)) return;
    if (at(e, 'data-replace') == null) {
      var a = stack();
      a.push(encodeURIComponent(L.pathname + L.search) + '!' + encodeURIComponent(cid || ''));
      save(a.slice(-10));
    }
    if (e.href) go(e.href);
    else {
      busy = now();
      if (e.click) e.click();
      else e.form.submit();
    }
  }

  function close(m) {
    m.el.setAttribute('hidden', '');
    collect();
    var it = by(S, 'id', from);
    from = null;
    if (it) set(it);
    else start();
  }

  function act(k) {
    var it, m, r, u, d, n = now() - busy < 2000;
    if (/^(VOL|MUTE)/.test(k)) return 0;
    if (n) return 1;
    it = ready();
    // a visible "返回" button does what the Back key does
    if (k == 'OK' && it && at(it.el, 'data-action') == 'back') k = 'BACK';
    m = S.modal;
    d = B('data-exit-dialog');
    if (DIR[k]) {
      r = it && N.move(S, it.id, k);
      if (r && r.id) set(by(S, 'id', r.id));
      else if (r) go(r.url + '#f=' + r.f);
    } else if (k == 'OK') {
      if (!it) return 1;
      u = it.el;
      if (at(u, 'data-action') == 'close') {
        if (m) close(m);
      } else if (u.href || u.form) follow(u);
      else if (u.click) u.click();
    } else if ((k == 'BACK' || k == 'EXIT') && m) close(m);
    else if ((k == 'BACK' || k == 'EXIT') && d && (u = D.getElementById(d))) {
      from = cid;
      u.removeAttribute('hidden');
      start();
    } else if (k == 'BACK') {
      r = stack();
      if ((u = r.pop())) {
        save(r);
        n = u.lastIndexOf('!');
        go(decodeURIComponent(u.slice(0, n)) + '#f=' + u.slice(n + 1));
      } else go(B('data-back'));
    } else if (k == 'HOME' || k == 'EXIT') {
      save([]);
      go(B('data-home'));
    } else if (/^NUM_/.test(k)) {
      r = by(S, 'num', k == 'NUM_0' ? '10' : k.slice(4));
      if (r) set(r);
    } else {
      for (r = 0; r < links.length; r++) {
        u = links[r];
        if (u.key == k && u.el.href && (!m || N.has(u, m))) break;
      }
      if (r < links.length) follow(u.el);
      else if ((k == 'PAGE_DOWN' || k == 'PAGE_UP') && !m && (r = pager()) && (u = k == 'PAGE_DOWN' ? r.next : r.prev)) {
        go(u + '#f=:first');
      } else return 0;
    }
    tv.handled++;
    return 1;
  }

  // One handler for keydown, keypress and irkeypress, each registered twice (listener and
  // on-property): every physical press acts once.
  function key(e) {
    e = e || W.event;
    if (!e || e === lastEv) return lastRet;
    lastEv = e;
    var t = e.type, c = e.which || e.keyCode || e.charCode, K = W.TVKEYS || {}, k = K[c], n = now();
    if (!k && t != 'keydown' && c > 96 && c < 123) k = K[c - 32];
    lastRet = undefined;
    if (!k || e.ctrlKey || e.altKey || e.metaKey) return;
    if (k != lk || t == lt || n - lts > 500) {
      // a new press (not the keypress/irkeypress twin of the last one)
      lk = k;
      lt = t;
      lts = n;
      if (k != mk || n - mt > 120) {
        // held keys: the same key acts at most once per 120 ms
        mk = k;
        mt = n;
        ld = act(k);
      }
    }
    if (ld) {
      if (e.preventDefault) e.preventDefault();
      e.returnValue = lastRet = false;
    }
    return lastRet;
  }

  function on(t, n, f, c) {
    if (t.addEventListener) t.addEventListener(n, f, c);
    else if (c == null) t['on' + n] = f;
  }
  on(D, 'keydown', key, false);
  on(D, 'keypress', key, false);
  on(D, 'irkeypress', key, false);
  D.onkeydown = D.onkeypress = D.onirkeypress = key;
  on(D, 'focus', sync, true);
  on(D, 'blur', function () { setTimeout(sync, 0); }, true);
  on(W, 'hashchange', function () { busy = 0; start(); });
  on(W, 'pageshow', function () { busy = 0; });
  on(W, 'load', function () { if (cid == null) start(); });
  // HbbTV sets deliver colour, navigation and digit keys only once the app asks for them.
  try {
    var app = D.getElementById('appmgr').getOwnerApplication(D);
    app.privateData.keyset.setValue(0x1ff);
    app.show();
  } catch (ignored) {}
  if (D.body) start();
  return tv;
})(window, document);
