// The page of `fazhi serve`. Report text only ever reaches the page through textContent and
// text nodes (never as markup), and the server has already cut it at the findings' spans, so
// no byte offset is handled here.
'use strict';

(function () {
  var token = new URLSearchParams(location.search).get('token');
  var state = { files: [], data: null, current: -1, done: 0 };
  var byId = function (id) { return document.getElementById(id); };

  function el(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (key) {
      if (key === 'class') node.className = attrs[key];
      else if (key === 'text') node.textContent = attrs[key];
      else if (key.slice(0, 5) === 'data-') node.setAttribute(key, attrs[key]);
      else node[key] = attrs[key];
    });
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined) continue;
      node.append(typeof child === 'string' ? document.createTextNode(child) : child);
    }
    return node;
  }

  function headers() { return token ? { 'X-Fazhi-Token': token } : {}; }

  function status(text, isError) {
    var line = byId('status');
    line.textContent = text;
    line.className = isError ? 'error' : '';
  }

  function finished() { state.done += 1; document.body.setAttribute('data-done', String(state.done)); }

  function form(files) {
    var data = new FormData();
    var level = byId('level').value, year = byId('year').value.trim();
    if (level) data.append('level', level);
    if (year) data.append('year', year);
    var pack = byId('pack');
    if (pack && pack.value) data.append('pack', pack.value);
    files.forEach(function (file) { data.append('file', file, file.name); });
    return data;
  }

  function post(path, files) {
    return fetch(path, { method: 'POST', body: form(files), headers: headers() });
  }

  function errorOf(response) {
    return response.json().then(function (body) { return body.error.message; },
      function () { return '服务器返回错误 ' + response.status; });
  }

  function check(files) {
    var limit = Number(document.body.getAttribute('data-max-files'));
    if (files.length === 0) return;
    if (files.length > limit) { status('一次最多上传 ' + limit + ' 个文件，请分批上传', true); return; }
    state.files = files;
    status('正在检查 ' + files.length + ' 份报告……');
    post('/api/view', files).then(function (response) {
      if (!response.ok) return errorOf(response).then(function (message) { status(message, true); finished(); });
      return response.json().then(function (data) { state.data = data; show(); finished(); });
    }, function () { status('无法连接检查服务：fazhi serve 是否还在运行？', true); finished(); });
  }

  function show() {
    var data = state.data;
    var several = data.reports.length + data.errors.length > 1;
    byId('summary').hidden = !several;
    if (several) showSummary();
    var errors = data.errors.map(function (e) { return e.name + '：' + e.message; });
    status(data.reports.length + ' 份报告已检查' + (errors.length ? '；' + errors.length + ' 个文件无法读取：' + errors.join('；') : ''),
      errors.length > 0);
    if (data.reports.length > 0) showReport(data.summary[0].index);
    else byId('result').hidden = true;
  }

  function showSummary() {
    var body = byId('summary-table').tBodies[0];
    body.replaceChildren();
    state.data.summary.forEach(function (row) {
      var tr = el('tr', { 'data-index': row.index, tabIndex: 0 },
        el('td', { class: 'num', text: String(row.rank) }),
        el('td', { text: row.name }),
        el('td', { text: row.issuer || '未写明' }),
        el('td', { class: 'num', text: row.year ? String(row.year) : '—' }),
        el('td', { class: 'num', text: row.score.toFixed(1) }),
        el('td', { text: row.grade, title: row.grade_caps.join('；') }),
        el('td', { class: row.passed ? 'ok' : 'no', text: row.verdict }),
        el('td', { text: row.missing.join('、') || '—' }),
        el('td', { text: row.partial.join('、') || '—' }),
        el('td', { class: 'num', text: String(row.errors) }),
        el('td', { class: 'num', text: String(row.warnings) }),
        el('td', { class: 'num', text: row.error_rate.toFixed(2) }));
      tr.addEventListener('click', function () { showReport(row.index); byId('result').scrollIntoView(); });
      tr.addEventListener('keydown', function (e) { if (e.key === 'Enter') showReport(row.index); });
      body.append(tr);
    });
    var list = byId('errors');
    list.replaceChildren();
    state.data.errors.forEach(function (e) { list.append(el('li', {}, el('strong', { text: e.name }), '：' + e.message)); });
  }

  function showReport(index) {
    var report = state.data.reports[index];
    state.current = index;
    Array.prototype.forEach.call(byId('summary-table').tBodies[0].rows, function (tr) {
      tr.classList.toggle('current', Number(tr.getAttribute('data-index')) === index);
    });
    byId('result').hidden = false;
    byId('score').textContent = report.score.toFixed(1);
    byId('grade').textContent = report.grade;
    var caps = byId('grade-caps');
    caps.textContent = report.grade_caps.join('；');
    caps.hidden = report.grade_caps.length === 0;
    var verdict = byId('verdict');
    verdict.textContent = report.verdict;
    verdict.className = 'verdict ' + (report.passed ? 'ok' : 'no');
    byId('report-title').textContent = report.title || report.name;
    byId('report-meta').textContent = [report.name, '发文机关：' + (report.issuer || '未写明'),
      '报告年度：' + (report.year || '未写明'), '字数：' + report.chars, '规则包：' + report.pack].join('　');
    byId('groups').textContent = report.groups.map(function (g) {
      return g.label + ' ' + (g.points - g.lost).toFixed(1) + '/' + g.points.toFixed(1);
    }).join(' · ');
    byId('counts').textContent = '问题：错误 ' + report.counts.errors + ' · 警告 ' + report.counts.warnings +
      ' · 提示 ' + report.counts.infos + (report.waived ? ' · 已豁免 ' + report.waived : '');
    var notes = byId('notes');
    notes.replaceChildren();
    report.notes.forEach(function (n) { notes.append(el('li', { text: n })); });
    var docx = byId('download-docx');
    var isDocx = /\.docx$/i.test(report.name);
    docx.hidden = !isDocx;
    docx.disabled = document.body.getAttribute('data-annotate') !== '1';
    docx.title = docx.disabled ? '此版本尚不支持生成带批注的 Word 文件' : '';
    showChecklist(report);
    showText(report);
    showFindings(report);
  }

  function showChecklist(report) {
    var body = byId('checklist').tBodies[0];
    body.replaceChildren();
    report.elements.forEach(function (e) {
      var cls = e['class'];
      var where = [e.heading || e.evidence, e.location].filter(Boolean).join('　');
      var tr = el('tr', { class: e.anchor ? 'linked' : '', 'data-key': e.key },
        el('td', { class: 'mark ' + cls, text: e.mark, title: e.status }),
        el('td', {}, el('strong', { text: e.label }), el('div', { class: 'small', text: e.status })),
        el('td', { text: where || '—' }),
        el('td', { class: 'small', text: e.basis }));
      if (e.anchor) tr.addEventListener('click', function () { reveal(byId(e.anchor)); });
      body.append(tr);
    });
  }

  function showText(report) {
    var root = byId('text');
    root.replaceChildren();
    var stack = [root];
    report.text.forEach(function (t) {
      var top = stack[stack.length - 1];
      if (typeof t === 'string') { top.append(document.createTextNode(t)); return; }
      if ('open' in t) {
        var f = report.findings[t.open];
        var mark = el('mark', { class: 'sev-' + f.severity + (t.continued ? ' cont' : ''), 'data-f': t.open,
          title: f.severity_label + '：' + f.message });
        if (!t.continued) mark.id = 'h-' + t.open;
        top.append(mark);
        stack.push(mark);
      } else if ('close' in t) {
        stack.pop();
      } else if ('anchor' in t) {
        var point = el('span', { id: t.anchor, class: 'anchor' });
        if (t.anchor.slice(0, 2) === 'f-') {
          var id = t.anchor.slice(2);
          point.className = 'point sev-' + report.findings[id].severity;
          point.setAttribute('data-f', id);
          point.title = report.findings[id].message;
        }
        top.append(point);
      }
    });
  }

  function showFindings(report) {
    var list = byId('findings');
    list.replaceChildren();
    var categories = {};
    report.findings.forEach(function (f) {
      categories[f.category] = true;
      var rule = report.rules[f.rule] || {};
      var card = el('li', { id: 'c-' + f.id, class: 'card sev-' + f.severity, 'data-f': f.id,
        'data-severity': f.severity, 'data-category': f.category, tabIndex: 0 },
        el('div', { class: 'card-head' },
          el('span', { class: 'badge sev-' + f.severity, text: f.severity_label }),
          el('span', { class: 'loc', text: f.location }),
          el('code', { class: 'rule', text: f.rule })),
        el('p', { class: 'msg', text: f.message }),
        f.span && f.text ? el('p', { class: 'quote', text: '“' + f.text + '”' }) : null,
        f.suggestion ? el('p', { class: 'sugg', text: '建议改为：' + f.suggestion }) : null,
        f.help ? el('p', { class: 'help', text: '怎么改：' + f.help }) : null,
        rule.description ? el('details', {}, el('summary', { text: '规则说明：' + (f.name || f.rule) }),
          el('p', { class: 'small', text: rule.description })) : null);
      card.addEventListener('click', function (e) {
        if (e.target.closest('details')) return;
        activate(f.id, 'card');
      });
      card.addEventListener('keydown', function (e) { if (e.key === 'Enter') activate(f.id, 'card'); });
      list.append(card);
    });
    var select = byId('category');
    select.replaceChildren(el('option', { value: '', text: '全部类别' }));
    Object.keys(categories).sort().forEach(function (c) { select.append(el('option', { value: c, text: c })); });
    applyFilters();
  }

  function activate(id, from) {
    document.querySelectorAll('.active').forEach(function (n) { n.classList.remove('active'); });
    var card = byId('c-' + id);
    var pieces = byId('text').querySelectorAll('[data-f="' + id + '"]');
    pieces.forEach(function (p) { p.classList.add('active'); });
    if (card) card.classList.add('active');
    if (from === 'card') reveal(byId('h-' + id) || byId('f-' + id));
    else if (card) { card.hidden = false; scrollWithin(byId('findings'), card); }
  }

  // Scrolls a pane (not the whole page) so that `node` sits in its middle.
  function scrollWithin(pane, node) {
    var top = node.getBoundingClientRect().top - pane.getBoundingClientRect().top + pane.scrollTop;
    pane.scrollTop = Math.max(0, top - pane.clientHeight / 2 + node.offsetHeight / 2);
  }

  function reveal(node) {
    if (!node) return;
    var pane = byId('text');
    document.querySelector('.work').scrollIntoView({ block: 'start' });
    scrollWithin(pane, node);
    node.classList.add('flash');
    setTimeout(function () { node.classList.remove('flash'); }, 1200);
  }

  function applyFilters() {
    var shown = {};
    document.querySelectorAll('.filters input[data-severity]').forEach(function (box) {
      shown[box.getAttribute('data-severity')] = box.checked;
    });
    var category = byId('category').value;
    var report = state.data && state.data.reports[state.current];
    var visible = 0;
    document.querySelectorAll('#findings .card').forEach(function (card) {
      var on = shown[card.getAttribute('data-severity')] && (!category || card.getAttribute('data-category') === category);
      card.hidden = !on;
      if (on) visible += 1;
      byId('text').querySelectorAll('[data-f="' + card.getAttribute('data-f') + '"]').forEach(function (m) {
        m.classList.toggle('off', !on);
      });
    });
    byId('finding-count').textContent = report ? '（显示 ' + visible + ' / 共 ' + report.findings.length + ' 条）' : '';
  }

  function fileName(response, fallback) {
    var header = response.headers.get('Content-Disposition') || '';
    var match = /filename\*=UTF-8''([^;]+)/i.exec(header);
    return match ? decodeURIComponent(match[1]) : fallback;
  }

  function save(path, files, fallback) {
    status('正在生成下载文件……');
    post(path, files).then(function (response) {
      if (!response.ok) return errorOf(response).then(function (message) { status(message, true); });
      return response.blob().then(function (blob) {
        var link = el('a', { href: URL.createObjectURL(blob), download: fileName(response, fallback) });
        document.body.append(link);
        link.click();
        setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 2000);
        status('已下载 ' + link.download);
      });
    }, function () { status('无法连接检查服务', true); });
  }

  function currentFile() {
    var report = state.data.reports[state.current];
    return [state.files[report.upload]];
  }

  function download(kind) {
    if (!state.data) return;
    var stem = function (name) { return name.replace(/\.[^.]*$/, ''); };
    var one = state.data.reports[state.current];
    switch (kind) {
      case 'report-html': return save('/api/report?format=html', state.files, '审核汇总.html');
      case 'report-xlsx': return save('/api/report?format=xlsx', state.files, '审核汇总.xlsx');
      case 'json': return save('/api/check', state.files, 'fazhi.json');
      case 'sheet-html': return save('/api/report?format=html', currentFile(), stem(one.name) + '.审核单.html');
      case 'sheet-json': return save('/api/check', currentFile(), stem(one.name) + '.fazhi.json');
      case 'annotate': return save('/api/annotate', currentFile(), stem(one.name) + '.fazhi.docx');
    }
  }

  function start() {
    var drop = byId('drop'), input = byId('file');
    input.addEventListener('change', function () { check(Array.prototype.slice.call(input.files)); input.value = ''; });
    ['dragenter', 'dragover'].forEach(function (type) {
      document.addEventListener(type, function (e) { e.preventDefault(); drop.classList.add('over'); });
    });
    document.addEventListener('dragleave', function (e) { if (!e.relatedTarget) drop.classList.remove('over'); });
    document.addEventListener('drop', function (e) {
      e.preventDefault();
      drop.classList.remove('over');
      check(Array.prototype.slice.call(e.dataTransfer.files));
    });
    drop.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') input.click(); });
    byId('paste-check').addEventListener('click', function () {
      var text = byId('paste').value;
      if (!text.trim()) { status('请先粘贴报告文字', true); return; }
      check([new File([text], '粘贴的文本.txt', { type: 'text/plain' })]);
    });
    byId('text').addEventListener('click', function (e) {
      var mark = e.target.closest('[data-f]');
      if (mark) activate(mark.getAttribute('data-f'), 'text');
    });
    document.querySelectorAll('.filters input, #category').forEach(function (c) { c.addEventListener('change', applyFilters); });
    document.querySelectorAll('[data-download]').forEach(function (b) {
      b.addEventListener('click', function () { download(b.getAttribute('data-download')); });
    });
    byId('print').addEventListener('click', function () { window.print(); });
    fetch('/api/initial', { headers: headers() }).then(function (response) {
      if (response.status !== 200) return;
      var name = decodeURIComponent(response.headers.get('X-Fazhi-File-Name') || '%E6%8A%A5%E5%91%8A');
      return response.blob().then(function (blob) { check([new File([blob], name)]); });
    });
  }

  start();
}());
