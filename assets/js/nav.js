/* TVNav: the spatial move of docs/tv-markup.md, pure (no DOM) so device_sim can port it
 * step for step. ES3-safe.
 * item: {id, box:[x,y,w,h], c:[containers, outer..inner]}, items in document order, only the
 * focusable ones. container: {block:"up down left right" subset, enter:"last"|null,
 * focus:remembered id|null, next:url|null, prev:url|null, modal:bool}.
 * move(items, id, dir) -> {id:ID} | {url:URL, f:":first"|":last"} (page turn) | null (stay)
 * 1. Scope: the innermost container of the current item (past the outermost: the page).
 * 2. Candidates: items in scope other than the current one whose entry edge lies beyond its
 *    exit edge, 30 % overlap allowed (o = 0.3 * min(cur.w, c.w), or the heights for UP/DOWN):
 *    RIGHT c.x >= cur.x + cur.w - o   LEFT c.x + c.w <= cur.x + o
 *    DOWN  c.y >= cur.y + cur.h - o   UP   c.y + c.h <= cur.y + o
 * 3. score = gap + 3 * side; gap = max(0, distance from exit edge to entry edge), side =
 *    distance between the spans on the other axis (0 if they overlap or touch). Lowest wins;
 *    ties: a candidate whose span really overlaps (min(ends) - max(starts) > 0) beats one
 *    that only touches (gapless grids), then document order.
 * 4. No candidate: DOWN in a container with next -> {url:next, f:":first"}; UP with prev ->
 *    {url:prev, f:":last"}; a modal container, or one blocking dir -> stay; else widen to the
 *    parent container and repeat 2.
 * 5. Of the winner's containers the current item is not in, the outermost with enter "last"
 *    whose remembered item is still in items and inside it gives that item instead.
 * trap(items): the items inside the first modal container found (items being only the visible
 *    ones), with .modal set to it; or items itself when no modal shows.
 */
var TVNav = (function () {
  function has(it, c) {
    for (var i = 0; i < it.c.length; i++) if (it.c[i] === c) return 1;
    return 0;
  }
  function get(items, id) {
    for (var i = 0; i < items.length; i++) if (items[i].id === id) return items[i];
  }
  function within(items, c) {
    for (var r = [], i = 0; i < items.length; i++) if (has(items[i], c)) r.push(items[i]);
    return r;
  }
  // score of box b seen from box a going d; -1 when b is not a candidate
  function score(a, b, d) {
    var p = d == 'LEFT' || d == 'RIGHT' ? 0 : 1, q = 1 - p, s = p + 2,
      o = 0.3 * Math.min(a[s], b[s]), g;
    if (d == 'RIGHT' || d == 'DOWN') {
      if (b[p] < a[p] + a[s] - o) return -1;
      g = b[p] - (a[p] + a[s]);
    } else {
      if (b[p] + b[s] > a[p] + o) return -1;
      g = a[p] - (b[p] + b[s]);
    }
    return Math.max(g, 0) + 3 * Math.max(0, b[q] - (a[q] + a[q + 2]), a[q] - (b[q] + b[q + 2]));
  }
  // 1 when the spans on the other axis really overlap (not merely touch)
  function lap(a, b, d) {
    var q = d == 'LEFT' || d == 'RIGHT' ? 1 : 0;
    return Math.min(a[q] + a[q + 2], b[q] + b[q + 2]) - Math.max(a[q], b[q]) > 0 ? 1 : 0;
  }
  function best(items, cur, d, c) {
    for (var w = null, ws, wo, s, o, it, i = 0; i < items.length; i++) {
      it = items[i];
      if (it === cur || (c && !has(it, c))) continue;
      s = score(cur.box, it.box, d);
      o = lap(cur.box, it.box, d);
      if (s >= 0 && (!w || s < ws || (s == ws && o > wo))) {
        w = it;
        ws = s;
        wo = o;
      }
    }
    return w;
  }
  function move(items, id, d) {
    var cur = get(items, id), k, c, w, m, i;
    if (!cur) return null;
    for (k = cur.c.length; !(w = best(items, cur, d, c = cur.c[k - 1])); k--) {
      if (!c) return null;
      if (d == 'DOWN' && c.next) return {url: c.next, f: ':first'};
      if (d == 'UP' && c.prev) return {url: c.prev, f: ':last'};
      if (c.modal || (' ' + c.block + ' ').indexOf(' ' + d.toLowerCase() + ' ') >= 0) return null;
    }
    for (i = 0; i < w.c.length; i++) {
      c = w.c[i];
      if (!has(cur, c) && c.enter == 'last' && (m = get(items, c.focus)) && has(m, c)) return {id: m.id};
    }
    return {id: w.id};
  }
  function trap(items) {
    for (var r, c, j, i = 0; i < items.length; i++) {
      for (j = 0; j < items[i].c.length; j++) {
        c = items[i].c[j];
        if (c.modal) {
          r = within(items, c);
          r.modal = c;
          return r;
        }
      }
    }
    return items;
  }
  return {move: move, trap: trap, within: within, has: has};
})();
