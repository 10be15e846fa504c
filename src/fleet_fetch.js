// The fleet view's requests, made in a dedicated worker (runtime/fleet_fetch.rs): a fetch
// made on the page costs its main thread about three times what the same fetch costs it from
// a worker, and a hundred servers polled every 5 s made that most of the page's work. The
// worker sends back each answer's bytes (transferred, not copied); the page decodes them.
//
// The same file is loaded by the page as a plain script (trunk hashes its name, so a
// deploy's long cache never serves an old one): there it only records its own URL.
if (typeof WorkerGlobalScope === 'undefined') {
  window.bifrostFleetWorker = document.currentScript ? document.currentScript.src : '';
} else {
  // Stopping the fleet view terminates the worker, which ends whatever is in flight.
  // The first message gives the time limits (s) and how long an answer may wait for others
  // (ms); every other is a list of requests, each "<id> <cut> <url>" (strings cost the page
  // less to send than objects), `cut` the longest string the answer keeps (0: all of it).
  let limits = { timeout: 10, bodyTimeout: 60, batchMs: 100 };
  // Answers go back in batches: every message costs the page's main thread a task (and the
  // row updates it brings one layout), so the servers polled together cost one task, not
  // one each. A batch leaves when no request is left in flight (the page waits for every
  // answer it asked for: holding one back would only slow it), else after batchMs.
  let out = [], transfer = [], inFlight = 0, timer = 0;
  const flush = () => {
    clearTimeout(timer);
    timer = 0;
    const batch = out, moved = transfer;
    out = [];
    transfer = [];
    postMessage(batch, moved);
  };
  const send = (answer, body) => {
    inFlight--;
    out.push(answer);
    if (body) transfer.push(body.buffer);
    if (inFlight === 0) flush();
    else if (!timer) timer = setTimeout(flush, limits.batchMs);
  };
  // A JSON answer with every string literal longer than `n` bytes cut to its first `n` or
  // so (never inside a character or an escape, never down to blanks only). Numbers and
  // structure are untouched: the text is rewritten, not parsed and printed again. The page
  // asks this of lists whose long strings (error texts, often stack traces of kilobytes) its
  // row does not show, so it decodes a tenth of the bytes.
  const isBlank = (b, from, to) => {
    for (let i = from; i < to; i++) {
      const c = b[i];
      if (c === 0x5c && (b[i + 1] === 0x6e || b[i + 1] === 0x72 || b[i + 1] === 0x74)) i++;
      else if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
    }
    return true;
  };
  const cutStrings = (b, n) => {
    const out = new Uint8Array(b.length);
    let o = 0, i = 0;
    const copy = (from, to) => { out.set(b.subarray(from, to), o); o += to - from; };
    for (;;) {
      const q = b.indexOf(0x22, i);
      if (q < 0) break;
      // the literal's closing quote: the next one not escaped
      let e = q + 1;
      for (;;) {
        e = b.indexOf(0x22, e);
        if (e < 0) break;
        let k = e - 1;
        while (b[k] === 0x5c) k--;
        if ((e - 1 - k) % 2 === 0) break;
        e++;
      }
      if (e < 0) break;
      let c = q + 1;
      if (e - c > n) {
        while (c < q + 1 + n) c += b[c] === 0x5c ? (b[c + 1] === 0x75 ? 6 : 2) : 1;
        while (c < e && (b[c] & 0xc0) === 0x80) c++;
      }
      if (c < e && c > q + 1 && !isBlank(b, q + 1, c)) {
        copy(i, c);
        out[o++] = 0x22;
      } else {
        copy(i, e + 1);
      }
      i = e + 1;
    }
    copy(i, b.length);
    return out.slice(0, o);
  };
  const isJson = (b) => {
    for (const c of b) {
      if (c === 0x7b || c === 0x5b) return true;
      if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
    }
    return false;
  };
  const get = async (id, cut, url) => {
    const ctl = new AbortController();
    // the limit that fired, if any: until the headers, then for the body
    let fired = 0;
    const limit = (secs) => setTimeout(() => { fired = secs; ctl.abort(); }, secs * 1000);
    let limiter = limit(limits.timeout);
    try {
      const headers = { 'X-Requested-With': 'XMLHttpRequest' };
      const r = await fetch(url, { headers, signal: ctl.signal, credentials: 'same-origin' });
      clearTimeout(limiter);
      limiter = limit(limits.bodyTimeout);
      let body = new Uint8Array(await r.arrayBuffer());
      if (cut > 0 && r.ok && isJson(body)) body = cutStrings(body, cut);
      send({ id, status: r.status, type: r.headers.get('content-type'), url: r.url, body }, body);
    } catch (err) {
      const error = fired ? 'timeout' : ctl.signal.aborted ? 'aborted' : 'network';
      send({ id, error, secs: fired, message: String(err) });
    } finally {
      clearTimeout(limiter);
    }
  };
  onmessage = (e) => {
    if (!Array.isArray(e.data)) {
      limits = e.data;
      return;
    }
    inFlight += e.data.length;
    for (const m of e.data) {
      const [id, cut] = m.split(' ', 2);
      get(Number(id), Number(cut), m.slice(id.length + cut.length + 2));
    }
  };
}
