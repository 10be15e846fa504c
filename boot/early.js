// The first screen's requests, started by the page itself while the wasm downloads and
// compiles (inlined into index.html with the CSP nonce): the app takes their answers instead
// of asking again, so no API request waits for the wasm. What it asks:
// - the exact requests the app's first refresh made on the last visit to this address
//   (remembered by the app under "bifrost-dashboard.first-requests"), at once;
// - else, for an address without filters, the default requests of its page, after
//   config.json names the instance's proxy prefix (the generation remembered by the app, v2
//   if unknown).
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
  };
  window.__bifrostEarly = {
    here,
    // The answer (a promise of a Response) to `url` asked early, once; `signal`, if given,
    // aborts it.
    take(url, signal) {
      const e = early.get(abs(url));
      if (!e) return undefined;
      early.delete(abs(url));
      if (signal) signal.addEventListener('abort', () => e.stop.abort());
      return e.answer;
    },
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
  config
    .then((r) => (r.status === 200 ? r.clone().json() : {}))
    .then((c) => {
      const all = Array.isArray(c.instances) ? c.instances : [];
      const name = query.get('instance') || '';
      const picked = all.find((i) => String(i.name).trim() === name) || all[0] || {};
      // as the app's normalize_prefix: "" or "/x/y", no trailing slash
      let prefix = String(picked.prefix || '').trim().replace(/\/+$/, '');
      if (prefix && !prefix.startsWith('/') && !prefix.includes('://')) prefix = '/' + prefix;
      const v1 = read(localStorage, 'bifrost-dashboard.api:' + prefix) === 'v1';
      const sources = prefix + '/db/list?format=json';
      const sync = prefix + (v1 ? '/synclist' : '/table/synclist/list') + '?format=json';
      const wanted = { overview: [sources, sync], sources: [sources], sync: [sync], flow: [sources] };
      (wanted[page] || []).forEach((u) => ask(u, 'default'));
    })
    .catch(() => {}); // a config the app will report itself
})();
