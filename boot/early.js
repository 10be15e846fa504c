// The first screen's requests, started by the page itself while the wasm downloads and
// compiles (inlined into index.html with the CSP nonce): the app takes their answers instead
// of asking again, so no API request waits for the wasm. What it asks:
// - the exact requests the app's first refresh made on the last visit to this address
//   (remembered by the app under "bifrost-dashboard.first-requests"), at once;
// - else, for an address without filters, the default requests of its page, after
//   config.json names the instance's proxy prefix (the generation remembered by the app, v2
//   if unknown), and the flows of the sources `/db/list` names.
// A request the app does not take is aborted when its first refresh ends. Nothing here runs
// when the dashboard is embedded into another page (that page has no such script), nor for a
// tab that signs in itself (its requests carry credentials this script does not have).
(() => {
  const early = new Map();
  // the address this page was loaded with (the app may rewrite it): the record's key
  const here = location.pathname + location.search;
  const abs = (u) => new URL(u, document.baseURI).href;
  const ask = (url, cache) => {
    const key = abs(url);
    if (early.has(key)) return;
    const stop = new AbortController();
    const answer = fetch(url, {
      cache,
      signal: stop.signal,
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    });
    answer.catch(() => {}); // an aborted leftover is not an error
    early.set(key, { answer, stop });
    window.__bifrostEarly.asked.push(url);
  };
  window.__bifrostEarly = {
    here,
    // everything asked, for tests to compare with what the app asked
    asked: [],
    // The answer (a promise of a Response) to `url` asked early, once; `signal`, if given,
    // aborts it.
    take(url, signal) {
      const e = early.get(abs(url));
      if (!e) return undefined;
      early.delete(abs(url));
      if (signal) signal.addEventListener('abort', () => e.stop.abort());
      return e.answer;
    },
    // Settles once everything this script will ask is asked: the app's first refresh waits
    // for it, so it never asks itself what is about to leave from here.
    ready: Promise.resolve(),
    // The first refresh is over: what it did not take is not needed.
    drop() {
      early.forEach((e) => e.stop.abort());
      early.clear();
    },
  };
  const read = (storage, key) => {
    try {
      return storage.getItem(key);
    } catch (_) {
      return null; // storage disabled
    }
  };
  ask('config.json', 'no-cache');
  const query = new URLSearchParams(location.search);
  const page = query.get('page') || 'overview';
  if (page === 'instances' || read(sessionStorage, 'bifrost-dashboard:signin')) return;
  let remembered = [];
  try {
    remembered = JSON.parse(read(localStorage, 'bifrost-dashboard.first-requests')) || [];
  } catch (_) {}
  const last = remembered.find((e) => Array.isArray(e) && e[0] === here);
  if (last && Array.isArray(last[1])) {
    last[1].forEach((u) => typeof u === 'string' && ask(u, 'default'));
    return;
  }
  if (['db', 'schema', 'table', 'key', 'channel', 'status'].some((p) => query.get(p))) return;
  // No filter: the page's default requests, once config.json names the instance's prefix.
  const config = early.get(abs('config.json')).answer;
  window.__bifrostEarly.ready = config
    .then((r) => (r.status === 200 ? r.clone().json() : {}))
    .then((c) => {
      const all = Array.isArray(c.instances) ? c.instances : [];
      const name = query.get('instance') || '';
      const picked = all.find((i) => String(i.name).trim() === name) || all[0] || {};
      // as the app's normalize_prefix: "" or "/x/y", no trailing slash
      let prefix = String(picked.prefix || '').trim().replace(/\/+$/, '');
      if (prefix && !prefix.startsWith('/') && !prefix.includes('://')) prefix = '/' + prefix;
      const known = read(localStorage, 'bifrost-dashboard.api:' + prefix);
      const v1 = known === 'v1';
      const sources = prefix + '/db/list?format=json';
      const sync = prefix + (v1 ? '/synclist' : '/table/synclist/list') + '?format=json';
      // without a sync list, the app tells the generation from the failing outputs
      const probe = known
        ? []
        : [prefix + '/table/synclist/list?format=json&SyncStatus=error'];
      const wanted = {
        overview: [sources, sync],
        sources: [sources, ...probe],
        sync: [sync, sources],
        flow: [sources, ...probe],
      };
      (wanted[page] || []).forEach((u) => ask(u, 'default'));
      // and, once the sources are listed, each one's flow, as the app's plan asks them
      const windows = ['minute', 'tenminute', 'hour', 'eighthour', 'day'];
      const w = page === 'flow' && windows.includes(query.get('window')) ? query.get('window') : 'tenminute';
      if (page === 'sync' || query.get('compare')) return;
      // as the app's percent_encode: every byte but A-Z a-z 0-9 - . _ ~
      const enc = (v) =>
        encodeURIComponent(v).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
      const flow = (db) =>
        prefix + '/flow/get?format=json&' + (v1 ? 'type=' : 'Type=') + w + (v1 ? '&dbname=' : '&DbName=') + enc(db);
      // read from a copy, before the app reads the answer (this reaction was registered first)
      return early.get(abs(sources)).answer
        .then((r) => r.clone().json())
        .then((list) => Object.keys(list || {}).forEach((db) => ask(flow(db), 'default')));
    })
    .catch(() => {}); // a config the app will report itself
})();
