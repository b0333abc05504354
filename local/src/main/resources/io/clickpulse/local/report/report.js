/*
 * Draws the report's charts into inline SVG from the query results in #data. No libraries, no
 * network. Every text from the data goes in through textContent or setAttribute, never as markup.
 * The data attributes (data-series, data-points, data-bars, data-markers, ...) say what was drawn,
 * for tests and for anyone inspecting the page.
 */
(function () {
  'use strict';
  var NS = 'http://www.w3.org/2000/svg';
  var MINUTE = 60000;
  var WIDTH = 960;
  var PALETTE = ['#3b6fb6', '#e8743b', '#2e9e6a', '#c2417f', '#8a63c9', '#d9b430', '#19a3b8',
    '#9c6b4e', '#6c7a89', '#e15759', '#76b041', '#4b4fa6'];
  var HUMAN = '#3b6fb6';
  var BOT = '#e8a33d';
  var SEVERITY = { critical: '#c0392b', warning: '#d68910', info: '#2471a3' };
  var data = JSON.parse(document.getElementById('data').textContent);

  function node(parent, name, attrs) {
    var e = document.createElementNS(NS, name);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, String(attrs[k])); });
    if (parent) { parent.appendChild(e); }
    return e;
  }

  function label(parent, content, attrs) {
    var t = node(parent, 'text', attrs);
    t.textContent = content;
    return t;
  }

  function tooltip(parent, content) {
    node(parent, 'title').textContent = content;
  }

  function number(n) { return Number(n).toLocaleString('en-US'); }

  function percent(part, whole) { return whole ? (100 * part / whole).toFixed(1) + '%' : '–'; }

  function sourceName(s) { return s === '' ? '(no source)' : s; }

  function shorten(s, max) { return s.length > max ? s.slice(0, max - 1) + '…' : s; }

  function two(n) { return n < 10 ? '0' + n : String(n); }

  function clock(ms) {
    var d = new Date(ms);
    return two(d.getUTCHours()) + ':' + two(d.getUTCMinutes());
  }

  function day(ms) {
    var d = new Date(ms);
    return d.getUTCFullYear() + '-' + two(d.getUTCMonth() + 1) + '-' + two(d.getUTCDate());
  }

  /** Every minute of the report's range, so that quiet minutes show as zero, not as gaps. */
  function minuteGrid() {
    var grid = [];
    var last = Math.floor(data.to / MINUTE) * MINUTE;
    for (var m = Math.floor(data.from / MINUTE) * MINUTE; m <= last; m += MINUTE) { grid.push(m); }
    return grid;
  }

  /** A round step so that about `count` steps cover `max`. */
  function niceStep(max, count) {
    var raw = Math.max(max, 1) / count;
    var magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
    var steps = [1, 2, 5, 10];
    for (var i = 0; i < steps.length; i++) {
      if (steps[i] * magnitude >= raw) { return Math.max(1, steps[i] * magnitude); }
    }
    return 10 * magnitude;
  }

  function emptyNote(svg, height, message) {
    svg.setAttribute('viewBox', '0 0 ' + WIDTH + ' ' + height);
    label(svg, message, { x: WIDTH / 2, y: height / 2, 'text-anchor': 'middle', class: 'empty-note' });
  }

  /**
   * Axes and gridlines for a per-minute chart; returns the scales. Labels every few minutes,
   * with the date added when the range spans more than one day.
   */
  function timeFrame(svg, grid, maxValue, height, yTitle) {
    var m = { left: 60, right: 18, top: 34, bottom: 34 };
    svg.setAttribute('viewBox', '0 0 ' + WIDTH + ' ' + height);
    var first = grid[0];
    var span = Math.max(grid[grid.length - 1] - first, MINUTE);
    var plotWidth = WIDTH - m.left - m.right;
    var yStep = niceStep(maxValue, 5);
    var yTop = Math.max(yStep, Math.ceil(maxValue / yStep) * yStep);
    var frame = {
      left: m.left, right: WIDTH - m.right, top: m.top, bottom: height - m.bottom,
      x: function (ms) { return m.left + (ms - first) / span * plotWidth; },
      y: function (v) { return height - m.bottom - v / yTop * (height - m.top - m.bottom); }
    };
    var axis = node(svg, 'g', { class: 'axis' });
    for (var v = 0; v <= yTop; v += yStep) {
      node(axis, 'line', { class: v === 0 ? 'baseline' : 'gridline',
        x1: frame.left, x2: frame.right, y1: frame.y(v), y2: frame.y(v) });
      label(axis, number(v), { x: frame.left - 8, y: frame.y(v) + 4, 'text-anchor': 'end' });
    }
    label(axis, yTitle, { x: frame.left, y: 16 });
    var minutesPerLabel = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440].filter(function (s) {
      return span / MINUTE / s <= 10;
    })[0] || 2880;
    var multiDay = day(first) !== day(grid[grid.length - 1]);
    grid.forEach(function (ms) {
      if ((ms / MINUTE) % minutesPerLabel !== 0) { return; }
      var x = frame.x(ms);
      node(axis, 'line', { class: 'baseline', x1: x, x2: x, y1: frame.bottom, y2: frame.bottom + 4 });
      label(axis, (multiDay ? day(ms).slice(5) + ' ' : '') + clock(ms) + ' UTC',
        { x: x, y: frame.bottom + 18, 'text-anchor': 'middle' });
    });
    return frame;
  }

  function linePath(frame, grid, values) {
    return values.map(function (v, i) {
      return (i === 0 ? 'M' : 'L') + frame.x(grid[i]).toFixed(1) + ' ' + frame.y(v).toFixed(1);
    }).join(' ');
  }

  /** Invisible per-minute columns whose tooltips give that minute's numbers. */
  function hoverColumns(svg, frame, grid, describe) {
    var width = grid.length > 1 ? frame.x(grid[1]) - frame.x(grid[0]) : frame.right - frame.left;
    var g = node(svg, 'g', { class: 'hovers' });
    grid.forEach(function (ms, i) {
      var r = node(g, 'rect', { class: 'hover', x: frame.x(ms) - width / 2, y: frame.top,
        width: width, height: frame.bottom - frame.top });
      tooltip(r, clock(ms) + ' UTC\n' + describe(i));
    });
  }

  /** Clicks per minute of each source, sources ordered by their total, busiest first. */
  function trafficSeries(grid) {
    var index = {};
    grid.forEach(function (ms, i) { index[ms] = i; });
    var bySource = {};
    data.traffic.forEach(function (row) {
      var values = bySource[row.utm_source];
      if (!values) { values = bySource[row.utm_source] = grid.map(function () { return 0; }); }
      if (index[row.minute] !== undefined) { values[index[row.minute]] += row.clicks; }
    });
    return Object.keys(bySource).map(function (source) {
      var values = bySource[source];
      return { source: source, values: values,
        total: values.reduce(function (a, b) { return a + b; }, 0) };
    }).sort(function (a, b) { return b.total - a.total || (a.source < b.source ? -1 : 1); });
  }

  function drawTraffic(grid, series) {
    var svg = document.getElementById('traffic-chart');
    svg.setAttribute('data-series', series.length);
    svg.setAttribute('data-points', grid.length);
    if (series.length === 0) { emptyNote(svg, 120, 'No clicks in this time range.'); return; }
    var max = Math.max.apply(null, series.map(function (s) { return Math.max.apply(null, s.values); }));
    var frame = timeFrame(svg, grid, max, 340, 'clicks per minute');
    var legend = document.getElementById('traffic-legend');
    series.forEach(function (s, i) {
      var color = PALETTE[i % PALETTE.length];
      var path = node(svg, 'path', { class: 'series', d: linePath(frame, grid, s.values),
        stroke: color, 'data-source': s.source, 'data-total': s.total });
      tooltip(path, sourceName(s.source) + ': ' + number(s.total) + ' clicks');
      var item = document.createElement('li');
      item.className = 'legend-item';
      item.setAttribute('data-source', s.source);
      var swatch = document.createElement('span');
      swatch.className = 'swatch';
      swatch.style.background = color;
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(sourceName(s.source) + ' (' + number(s.total) + ')'));
      legend.appendChild(item);
    });
    hoverColumns(svg, frame, grid, function (i) {
      return series.filter(function (s) { return s.values[i] > 0; })
        .map(function (s) { return sourceName(s.source) + ': ' + number(s.values[i]); })
        .join('\n') || 'no clicks';
    });
  }

  /**
   * Horizontal bars, one per item: a label, segments scaled by `scale(item)`, and a note. Each bar
   * is a <g class="bar"> carrying the item's `attrs` as data attributes.
   */
  function barChart(svg, items, scale, emptyMessage) {
    svg.setAttribute('data-bars', items.length);
    if (items.length === 0) { emptyNote(svg, 80, emptyMessage); return; }
    var rowHeight = 30;
    var labelWidth = 250;
    var noteWidth = 220;
    var top = 6;
    svg.setAttribute('viewBox', '0 0 ' + WIDTH + ' ' + (top + items.length * rowHeight + 6));
    var barWidth = WIDTH - labelWidth - noteWidth;
    items.forEach(function (item, i) {
      var y = top + i * rowHeight;
      var attrs = { class: 'bar' };
      Object.keys(item.attrs).forEach(function (k) { attrs['data-' + k] = item.attrs[k]; });
      var g = node(svg, 'g', attrs);
      tooltip(g, item.label + '\n' + item.note);
      label(g, shorten(item.label, 34), { x: labelWidth - 10, y: y + 19, 'text-anchor': 'end' });
      var x = labelWidth;
      var full = scale(item);
      item.segments.forEach(function (seg) {
        var w = full ? seg.value / full * barWidth : 0;
        node(g, 'rect', { class: 'segment ' + seg.kind, x: x, y: y + 5, width: Math.max(w, 0),
          height: rowHeight - 10, rx: 2, fill: seg.color });
        x += w;
      });
      label(g, item.note, { x: x + 8, y: y + 19, class: 'bar-note' });
    });
  }

  function drawHumansAndBots() {
    var items = data.humansAndBots.map(function (row) {
      var total = row.humans + row.bots;
      return {
        label: sourceName(row.utm_source),
        attrs: { source: row.utm_source, humans: row.humans, bots: row.bots },
        segments: [{ kind: 'human', value: row.humans, color: HUMAN },
          { kind: 'bot', value: row.bots, color: BOT }],
        note: number(total) + ' clicks, ' + percent(row.bots, total) + ' bots'
      };
    });
    barChart(document.getElementById('human-bot-chart'), items,
      function (item) { return item.attrs.humans + item.attrs.bots; },
      'No clicks in this time range.');
  }

  function drawTopLinks() {
    var max = Math.max.apply(null, data.topLinks.map(function (r) { return r.clicks; }).concat([0]));
    var items = data.topLinks.map(function (row) {
      return {
        // The catalog's campaign name where it knows the link (ids are for machines).
        label: row.campaign_name ? row.campaign_name + ' (' + row.link_id + ')' : row.link_id,
        attrs: { link: row.link_id, clicks: row.clicks, bots: row.bots },
        segments: [{ kind: 'human', value: row.clicks - row.bots, color: HUMAN },
          { kind: 'bot', value: row.bots, color: BOT }],
        note: number(row.clicks) + ' (' + number(row.bots) + ' bots)'
      };
    });
    barChart(document.getElementById('top-links-chart'), items, function () { return max; },
      'No clicks in this time range.');
  }

  function drawAlerts(grid, series) {
    var svg = document.getElementById('alerts-chart');
    var totals = grid.map(function (_, i) {
      return series.reduce(function (sum, s) { return sum + s.values[i]; }, 0);
    });
    svg.setAttribute('data-points', grid.length);
    svg.setAttribute('data-markers', data.alerts.length);
    var frame = timeFrame(svg, grid, Math.max.apply(null, totals.concat([0])), 300, 'all clicks per minute');
    var line = linePath(frame, grid, totals);
    node(svg, 'path', { class: 'total-area', d: line + ' L' + frame.x(grid[grid.length - 1]) + ' '
      + frame.bottom + ' L' + frame.x(grid[0]) + ' ' + frame.bottom + ' Z' });
    node(svg, 'path', { class: 'total-line', d: line });
    hoverColumns(svg, frame, grid, function (i) { return number(totals[i]) + ' clicks'; });
    var clamp = function (x) { return Math.min(Math.max(x, frame.left), frame.right); };
    data.alerts.forEach(function (a, i) {
      var color = SEVERITY[a.severity] || '#52606d';
      var g = node(svg, 'g', { class: 'alert-marker', 'data-rule': a.rule, 'data-alert-id': a.alert_id,
        'data-severity': a.severity });
      tooltip(g, a.rule + ' (' + a.severity + ', ' + a.statuses + ')\n' + clock(a.starts) + '–'
        + clock(a.ends) + ' UTC\n' + a.subject_type + ': ' + a.subject_id + '\n' + a.reason);
      var x1 = clamp(frame.x(a.starts));
      var x2 = clamp(frame.x(a.ends));
      node(g, 'rect', { x: x1, y: frame.top, width: Math.max(x2 - x1, 2), height: frame.bottom - frame.top,
        fill: color, 'fill-opacity': 0.12 });
      node(g, 'line', { x1: x1, x2: x1, y1: frame.top - 2, y2: frame.bottom, stroke: color, 'stroke-width': 2 });
      var labelY = frame.top + 12 + (i % 3) * 15;
      var anchor = x1 > frame.right - 120 ? 'end' : 'start';
      label(g, a.rule, { x: anchor === 'end' ? x1 - 4 : x1 + 4, y: labelY, style: 'fill: ' + color,
        'font-weight': 600, 'text-anchor': anchor });
    });
  }

  var grid = minuteGrid();
  var series = trafficSeries(grid);
  drawTraffic(grid, series);
  drawHumansAndBots();
  drawTopLinks();
  drawAlerts(grid, series);
  document.body.setAttribute('data-rendered', 'true');
}());
