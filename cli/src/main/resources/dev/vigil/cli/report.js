// The detections table of a vigil hunt report: built from the JSON data block with textContent only (never as
// HTML), filtered by the search box, sorted by a click on a column header. No network, no other script.
(function () {
  'use strict';
  var LEVELS = ['informational', 'low', 'medium', 'high', 'critical'];
  var LEVEL = 4;
  var rows = JSON.parse(document.getElementById('detections-data').textContent);
  var table = document.getElementById('detections');
  var body = table.tBodies[0];
  var search = document.getElementById('search');
  var shown = document.getElementById('shown');
  var headers = table.tHead.rows[0].cells;
  var haystack = rows.map(function (r) {
    return r.map(function (v, i) { return i === LEVEL ? LEVELS[v] : v == null ? '' : String(v); })
      .join('\u0001').toLowerCase();
  });
  var sortColumn = 0;
  var sortDirection = 1;

  function compare(a, b) {
    if (a === b) { return 0; }
    if (a == null) { return 1; }
    if (b == null) { return -1; }
    if (typeof a === 'number' || (/^\d+$/.test(a) && /^\d+$/.test(b))) { return Number(a) - Number(b); }
    return String(a).localeCompare(String(b));
  }

  function render() {
    var query = search.value.trim().toLowerCase();
    var order = [];
    for (var i = 0; i < rows.length; i++) {
      if (!query || haystack[i].indexOf(query) >= 0) { order.push(i); }
    }
    order.sort(function (a, b) {
      return compare(rows[a][sortColumn], rows[b][sortColumn]) * sortDirection || a - b;
    });
    var fragment = document.createDocumentFragment();
    order.forEach(function (index) {
      var row = rows[index];
      var tr = document.createElement('tr');
      for (var c = 0; c < row.length; c++) {
        var td = document.createElement('td');
        if (c === LEVEL) {
          var pill = document.createElement('span');
          pill.className = 'pill ' + LEVELS[row[c]];
          pill.textContent = LEVELS[row[c]];
          td.appendChild(pill);
        } else {
          td.textContent = row[c] == null ? '' : String(row[c]);
        }
        if (c === 0 || c === 7) { td.className = 'mono'; }
        tr.appendChild(td);
      }
      fragment.appendChild(tr);
    });
    body.replaceChildren(fragment);
    shown.textContent = query
      ? order.length + ' of ' + rows.length + ' rows match'
      : rows.length + ' rows';
    for (var h = 0; h < headers.length; h++) {
      headers[h].setAttribute('aria-sort', h === sortColumn ? (sortDirection > 0 ? 'ascending' : 'descending') : 'none');
    }
  }

  for (var h = 0; h < headers.length; h++) {
    headers[h].querySelector('button').addEventListener('click', (function (column) {
      return function () {
        sortDirection = column === sortColumn ? -sortDirection : 1;
        sortColumn = column;
        render();
      };
    })(h));
  }
  search.addEventListener('input', render);
  render();
})();
