/* The browser emulator (/emulator/): frames the TV portal and plays a set-top box's remote.
 *
 * Everything about keys comes from the server (portal.tv.keys.PROFILES, inlined as JSON in
 * #emulator-config): this file has no key table. A remote button sends the selected profile's
 * first code for that logical key, through the event types that profile's browser fires:
 *   ipanel       keypress + irkeypress, which/keyCode/charCode = the code (1-4 for arrows);
 *   every other  keydown (charCode 0), then a keypress where a desktop browser fires one too:
 *                Enter, space, digits, and letters (as their lower-case character, e.g. 'd'=100
 *                for RocME's RIGHT 68; the engine folds it back).
 * Chromium ignores keyCode in the KeyboardEvent constructor, so keyCode/which/charCode are
 * defined on each event. Events are dispatched on the framed document's focused element and
 * bubble to the document, where assets/js/tv.js listens. Only a same-origin frame can be
 * reached; for another origin the frame is focused instead and the page says so.
 * Desktop tool: modern JavaScript, no framework, no external requests. */
(() => {
  'use strict';

  const CFG = JSON.parse(document.getElementById('emulator-config').textContent);
  const $ = (id) => document.getElementById(id);
  const PROFILES = new Map(CFG.profiles.map((p) => [p.name, p]));
  const CANVASES = new Map(CFG.canvases.map((c) => [c.name, c]));
  const BOX = new RegExp(CFG.boxPattern);
  const LOG_ROWS = 300;
  const POLL_MS = 250;

  const el = {
    form: $('controls'), profile: $('profile'), box: $('box'), canvas: $('canvas'), safe: $('safe'),
    target: $('target'), reload: $('reload'), frame: $('frame'), tv: $('tv'), bezel: $('bezel'),
    area: $('screen-area'), safeArea: $('safe-area'), safeLabel: $('safe-label'), osd: $('osd'),
    cross: $('cross-origin'), last: $('last'), keyLog: $('key-log'), eventLog: $('event-log'),
    page: $('st-page'), focus: $('st-focus'), who: $('st-who'), url: $('st-url'), scale: $('st-scale'),
  };

  // -- state, kept in the emulator's own query string so a reload or a shared link keeps it --
  const query = new URLSearchParams(location.search);
  const state = {
    profile: PROFILES.has(query.get('profile')) ? query.get('profile') : CFG.defaultProfile,
    box: BOX.test(query.get('stb') || '') ? query.get('stb') : CFG.defaultBox,
    canvas: CANVASES.has(query.get('canvas')) ? query.get('canvas') : CFG.canvases[0].name,
    safe: query.get('safe') === '1',
    target: query.get('target') || '',
  };
  let volume = 20;
  let muted = false;

  function keepState() {
    const q = new URLSearchParams();
    q.set('profile', state.profile);
    q.set('stb', state.box);
    if (state.canvas !== CFG.canvases[0].name) q.set('canvas', state.canvas);
    if (state.safe) q.set('safe', '1');
    if (state.target) q.set('target', state.target);
    history.replaceState(null, '', location.pathname + '?' + q);
  }

  // -- the framed portal ------------------------------------------------------------------
  /** The other portal's base URL (http/https), or null for this one; throws on a bad value. */
  function targetBase() {
    if (!state.target) return null;
    const url = new URL(state.target, location.href);
    if (!/^https?:$/.test(url.protocol)) throw new Error('只支持 http:// 或 https:// 地址');
    url.search = '';
    url.hash = '';
    url.pathname = url.pathname.replace(/\/tv\/?$/, '/').replace(/([^/])$/, '$1/');
    return url;
  }

  function sameOrigin() {
    try {
      const base = targetBase();
      return !base || base.origin === location.origin;
    } catch (err) {
      return true;
    }
  }

  function frameUrl() {
    let base = null;
    try {
      base = targetBase();
    } catch (err) {
      logEvent('warn', '门户地址无效：' + err.message + '，改用本门户');
    }
    const q = new URLSearchParams({stb: state.box, profile: state.profile});
    const tv = base ? new URL(CFG.tvPath.replace(/^\//, ''), base) : new URL(CFG.tvPath, location.href);
    tv.search = q.toString();
    return base && base.origin !== location.origin ? tv.href : tv.pathname + tv.search;
  }

  /** The framed window and document when the emulator may touch them, else null. */
  function frameAccess() {
    try {
      const win = el.frame.contentWindow;
      const doc = win && win.document;
      if (!doc || !doc.body || win.location.href === 'about:blank') return null;
      return {win, doc};
    } catch (err) {
      return null; // another origin
    }
  }

  function load() {
    keepState();
    const cross = !sameOrigin();
    el.cross.hidden = !cross;
    if (cross) {
      el.cross.textContent = '目标门户与模拟器不同源（' + targetBase().origin + '）：浏览器不允许向画面发送按键或读取焦点。' +
        '遥控器按钮只会把焦点交给画面——请点一下画面，用键盘操作（键码是所选配置下发给该门户的，桌面浏览器配置最合适）。' +
        '要完整模拟，请打开那个门户自己的 /emulator/。';
    }
    const url = frameUrl();
    frameState.loaded = false;
    el.frame.src = url;
    logEvent('load', '载入 ' + url);
    updateRemote();
  }

  // -- canvas and scaling -----------------------------------------------------------------
  function canvas() {
    return CANVASES.get(state.canvas);
  }

  function fit() {
    const c = canvas();
    const box = el.area.getBoundingClientRect();
    const pad = 24; // the bezel drawn around the screen
    const scale = Math.max(0.1, Math.min((box.width - pad) / c.w, (box.height - pad) / c.h, 1));
    el.tv.style.width = c.w + 'px';
    el.tv.style.height = c.h + 'px';
    el.tv.style.transform = 'scale(' + scale + ')';
    el.bezel.style.width = Math.floor(c.w * scale) + 'px';
    el.bezel.style.height = Math.floor(c.h * scale) + 'px';
    el.scale.textContent = c.w + '×' + c.h + ' @ ' + Math.round(scale * 100) + '%';
    placeSafeArea();
  }

  /** SAFE_AREA is measured on the 1280x720 canvas; other canvases keep the same margins in %. */
  function placeSafeArea() {
    const c = canvas();
    const [x0, y0, x1, y1] = CFG.safeArea;
    const [W, H] = CFG.tvCanvas;
    const left = Math.round(x0 * c.w / W);
    const top = Math.round(y0 * c.h / H);
    const right = Math.round(x1 * c.w / W);
    const bottom = Math.round(y1 * c.h / H);
    Object.assign(el.safeArea.style, {
      left: left + 'px', top: top + 'px', width: (right - left) + 'px', height: (bottom - top) + 'px',
    });
    el.safeLabel.textContent = '安全区 ' + left + ',' + top + ' – ' + right + ',' + bottom;
    el.safeArea.hidden = !state.safe;
  }

  // -- key delivery -----------------------------------------------------------------------
  /** What a real browser would fire for a key code: a keypress only for characters. */
  function pressCharacter(code) {
    if (code === 13 || code === 32 || (code >= 48 && code <= 57)) return code;
    if (code >= 65 && code <= 90) return code + 32;
    return 0;
  }

  /** [type, which/keyCode, charCode] for each event of one press of `code` on `profile`. */
  function eventsFor(profile, code) {
    if (profile === 'ipanel') return [['keypress', code, code], ['irkeypress', code, code]];
    const events = [['keydown', code, 0]];
    const ch = pressCharacter(code);
    if (ch) events.push(['keypress', ch, ch]);
    return events;
  }

  function dispatch(win, doc, type, code, charCode) {
    const ev = new win.KeyboardEvent(type, {bubbles: true, cancelable: true, view: win});
    Object.defineProperty(ev, 'keyCode', {get: () => code});
    Object.defineProperty(ev, 'which', {get: () => code});
    Object.defineProperty(ev, 'charCode', {get: () => charCode});
    const target = doc.activeElement || doc.body || doc;
    return target.dispatchEvent(ev); // false: the page prevented it, i.e. took the key
  }

  function codesOf(key, profile = state.profile) {
    return PROFILES.get(profile).keys[key] || null;
  }

  function press(key, source) {
    const profile = state.profile;
    const codes = codesOf(key);
    const row = {key, profile, source, code: '–', events: '–'};
    flash(key);
    if (!codes) {
      row.result = '此配置没有这个键';
      row.kind = 'skip';
      return logKey(row);
    }
    const code = codes[0];
    const events = eventsFor(profile, code);
    row.code = code;
    row.events = events.map(([type, c]) => (c === code ? type : type + '(' + c + ')')).join(' + ');
    row.types = events.map(([type]) => type).join(' ');
    const frame = frameAccess();
    if (!frame) {
      row.kind = 'fail';
      row.result = sameOrigin() ? '画面未就绪' : '跨域，未送达';
      if (!sameOrigin()) el.frame.focus();
      return logKey(row);
    }
    const before = frame.win.TV ? frame.win.TV.handled : null;
    const taken = events.map(([type, c, ch]) => !dispatch(frame.win, frame.doc, type, c, ch)).some(Boolean);
    const acted = frame.win.TV && before !== null ? frame.win.TV.handled - before : null;
    if (/^(VOL_|MUTE)/.test(key) && !taken) boxVolume(key);
    row.kind = taken ? 'ok' : 'skip';
    row.result = taken ? (acted === 0 ? '已接收（未动作）' : '已处理') : '页面未处理';
    if (/^(VOL_|MUTE)/.test(key) && !taken) row.result = '页面未处理 → 机顶盒音量';
    logKey(row);
    setTimeout(status, 0);
  }

  /** The box, not the page, handles volume: show it as an on-screen display. */
  function boxVolume(key) {
    if (key === 'MUTE') muted = !muted;
    else {
      muted = false;
      volume = Math.max(0, Math.min(100, volume + (key === 'VOL_UP' ? 2 : -2)));
    }
    el.osd.textContent = muted ? '静音' : '音量 ' + volume;
    el.osd.hidden = false;
    clearTimeout(boxVolume.timer);
    boxVolume.timer = setTimeout(() => { el.osd.hidden = true; }, 1500);
  }

  const buttons = new Map([...document.querySelectorAll('#remote .key')].map((b) => [b.dataset.key, b]));

  function flash(key) {
    const b = buttons.get(key);
    if (!b) return;
    b.classList.add('pressed');
    setTimeout(() => b.classList.remove('pressed'), 140);
  }

  function updateRemote() {
    for (const [key, b] of buttons) {
      const codes = codesOf(key);
      b.classList.toggle('absent', !codes);
      b.title = codes ? key + ' · 键码 ' + codes.join(' / ') + (codes.length > 1 ? '（发送 ' + codes[0] + '）' : '')
        : key + ' · 此配置没有这个键';
    }
    const p = PROFILES.get(state.profile);
    const kinds = state.profile === 'ipanel' ? 'keypress + irkeypress' : 'keydown (+ keypress)';
    el.last.innerHTML = '';
    el.last.append(text(p.label + ' · '), bold(p.name), text(' · ' + kinds +
      (p.ua.length ? ' · UA 标记 ' + p.ua.join(' / ') : ' · 无 UA 标记（默认）')));
  }

  // -- keyboard: the emulator page's and, in a same-origin frame, the frame's own --------------
  function keyboardKey(e) {
    if (e.ctrlKey || e.altKey || e.metaKey) return null;
    const key = CFG.keyboard[String(e.keyCode)];
    if (key) return key;
    return /^[0-9]$/.test(e.key) ? 'NUM_' + e.key : null; // the numeric keypad
  }

  function isField(target) {
    return target instanceof Element && target.matches('input:not([type=checkbox]), select, textarea, [contenteditable]');
  }

  document.addEventListener('keydown', (e) => {
    if (isField(e.target)) return;
    const key = keyboardKey(e);
    if (!key) return;
    e.preventDefault();
    press(key, '键盘');
  });

  /** Physical keys typed while the frame has focus go out as the selected remote's codes too. */
  function frameKeydown(e) {
    if (!e.isTrusted) return; // ours
    const key = keyboardKey(e);
    if (!key) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    press(key, '键盘（画面内）');
  }

  // -- logs -------------------------------------------------------------------------------
  function clock() {
    const d = new Date();
    return d.toTimeString().slice(0, 8) + '.' + String(d.getMilliseconds()).padStart(3, '0');
  }

  function text(s) {
    return document.createTextNode(s);
  }

  function bold(s) {
    const b = document.createElement('b');
    b.textContent = s;
    return b;
  }

  function addRow(body, cells, cls, data) {
    const tr = document.createElement('tr');
    tr.className = cls || '';
    Object.assign(tr.dataset, data);
    cells.forEach((c, i) => {
      const td = document.createElement('td');
      td.textContent = c;
      if (i === cells.length - 1 && body === el.eventLog) td.className = 'detail';
      tr.append(td);
    });
    body.prepend(tr);
    while (body.rows.length > LOG_ROWS) body.deleteRow(body.rows.length - 1);
  }

  function logKey(row) {
    addRow(el.keyLog, [clock(), row.key, String(row.code), row.events, row.profile, row.result], row.kind, {
      key: row.key, code: String(row.code), events: row.types || '', profile: row.profile, source: row.source,
    });
    el.last.innerHTML = '';
    el.last.append(bold(row.key), text(' → ' + row.code + ' · ' + row.events), document.createElement('br'),
      text(row.profile + ' · ' + row.result));
  }

  function logEvent(kind, detail, data) {
    const names = {load: '载入', nav: '导航', hash: '锚点', focus: '焦点', warn: '提示', unload: '离开'};
    addRow(el.eventLog, [clock(), names[kind] || kind, detail], kind === 'load' ? 'nav' : kind,
      Object.assign({kind}, data || {}));
  }

  // -- watching the frame -----------------------------------------------------------------
  const frameState = {loaded: false, focus: null, url: null};

  function framePath(win) {
    return win.location.pathname + win.location.search + win.location.hash;
  }

  el.frame.addEventListener('load', () => {
    const frame = frameAccess();
    if (!frame) {
      if (el.frame.getAttribute('src') && !sameOrigin()) logEvent('nav', '已载入（跨域，无法读取）' + el.frame.src);
      status();
      return;
    }
    const {win, doc} = frame;
    frameState.loaded = true;
    frameState.url = framePath(win);
    frameState.focus = null;
    const page = doc.body.getAttribute('data-page') || '?';
    logEvent('nav', page + ' · ' + frameState.url, {page, url: frameState.url});
    win.addEventListener('keydown', frameKeydown, true);
    // tv.js takes the focus back whenever its document loses it (a box never lends it out);
    // here that would snatch every click on the emulator's own fields. A blur with nowhere to go
    // inside the frame is kept from the engine: the next key press re-checks focus anyway.
    win.addEventListener('blur', (e) => {
      if (e.target !== win && !e.relatedTarget) e.stopImmediatePropagation();
    }, true);
    doc.addEventListener('focusin', () => noteFocus(), true);
    win.addEventListener('hashchange', () => {
      frameState.url = framePath(win);
      logEvent('hash', frameState.url, {url: frameState.url});
    });
    win.addEventListener('pagehide', () => { frameState.loaded = false; });
    noteFocus();
    status();
  });

  /** The engine's focused item (TV.focused()); the DOM's while the engine has none. In Chromium
   * a frame that lends the focus to the emulator's own controls has no activeElement meanwhile. */
  function focusedId(frame) {
    const engine = frame.win.TV && frame.win.TV.focused();
    if (engine) return engine;
    const a = frame.doc.activeElement;
    return a && a !== frame.doc.body ? a.id || '(' + a.tagName.toLowerCase() + ')' : null;
  }

  /** Give the focus back to the framed item, so the TV shows its focus ring again. */
  function refocusFrame() {
    const frame = frameAccess();
    if (!frame) return;
    const id = frame.win.TV && frame.win.TV.focused();
    const item = id && frame.doc.getElementById(id);
    if (item && frame.doc.activeElement !== item) item.focus();
  }

  function noteFocus() {
    const frame = frameAccess();
    if (!frame || !frameState.loaded) return;
    const id = focusedId(frame);
    if (id !== frameState.focus) {
      frameState.focus = id;
      if (id) logEvent('focus', id, {id});
    }
    status();
  }

  function status() {
    const frame = frameAccess();
    if (!frame) {
      el.page.textContent = el.focus.textContent = el.who.textContent = '–';
      el.url.textContent = el.frame.src || '–';
      return;
    }
    const who = frame.doc.querySelector('.who');
    el.page.textContent = frame.doc.body.getAttribute('data-page') || '?';
    el.focus.textContent = frameState.focus || '–';
    el.who.textContent = who ? who.textContent.trim() : '（未绑定）';
    el.url.textContent = framePath(frame.win);
  }

  // Focus may move without a focusin reaching us (an unfocused window): poll as well.
  setInterval(() => { if (frameState.loaded) noteFocus(); }, POLL_MS);

  // -- controls ---------------------------------------------------------------------------
  function applyBox() {
    const box = el.box.value.trim();
    if (!BOX.test(box)) {
      el.box.setCustomValidity('机顶盒号只能含字母、数字和 _.:-，最多 40 个字符');
      el.box.reportValidity();
      return false;
    }
    el.box.setCustomValidity('');
    if (box !== state.box) {
      state.box = box;
      load();
    }
    return true;
  }

  el.profile.addEventListener('change', () => {
    state.profile = el.profile.value;
    const suggested = PROFILES.get(state.profile).canvas;
    if (suggested && CANVASES.has(suggested)) {
      state.canvas = el.canvas.value = suggested;
      fit();
    }
    el.profile.blur();
    load();
  });
  el.canvas.addEventListener('change', () => {
    state.canvas = el.canvas.value;
    keepState();
    fit();
    refocusFrame();
  });
  el.safe.addEventListener('change', () => {
    state.safe = el.safe.checked;
    keepState();
    placeSafeArea();
    refocusFrame();
  });
  el.box.addEventListener('change', () => {
    if (applyBox()) el.box.blur();
  });
  el.box.addEventListener('input', () => el.box.setCustomValidity(''));
  el.form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!applyBox()) return;
    const target = el.target.value.trim();
    if (target !== state.target) {
      state.target = target;
      load();
    }
    document.activeElement.blur();
  });
  el.reload.addEventListener('click', () => load());

  // Remote buttons: a click presses; mousedown does not take focus, so the keyboard stays ours.
  for (const [key, b] of buttons) {
    b.addEventListener('mousedown', (e) => e.preventDefault());
    b.addEventListener('click', () => press(key, '遥控器'));
  }
  for (const b of document.querySelectorAll('[data-clear]')) {
    b.addEventListener('click', () => { $(b.dataset.clear).replaceChildren(); });
  }
  // A click on anything but a field (or a text selection in the logs) hands the focus back.
  document.addEventListener('click', (e) => {
    if (!(e.target instanceof Element) || e.target.closest('label, input, select, textarea')) return;
    if (!getSelection().isCollapsed) return;
    setTimeout(refocusFrame, 0);
  });

  // -- start ------------------------------------------------------------------------------
  el.profile.value = state.profile;
  el.box.value = state.box;
  el.canvas.value = state.canvas;
  el.safe.checked = state.safe;
  el.target.value = state.target;
  new ResizeObserver(fit).observe(el.area);
  fit();
  load();

  // A hook for tests and the console.
  window.Emulator = {press, state, frameAccess, events: eventsFor};
})();
