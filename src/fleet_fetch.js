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
  // The first message gives the time limits (s); every other is "<id> <url>" (a string
  // costs the page less to send than an object).
  let limits = { timeout: 10, bodyTimeout: 60 };
  onmessage = async (e) => {
    if (typeof e.data !== 'string') {
      limits = e.data;
      return;
    }
    const at = e.data.indexOf(' ');
    const id = Number(e.data.slice(0, at)), url = e.data.slice(at + 1);
    const ctl = new AbortController();
    // the limit that fired, if any: until the headers, then for the body
    let fired = 0;
    const limit = (secs) => setTimeout(() => { fired = secs; ctl.abort(); }, secs * 1000);
    let timer = limit(limits.timeout);
    try {
      const headers = { 'X-Requested-With': 'XMLHttpRequest' };
      const r = await fetch(url, { headers, signal: ctl.signal, credentials: 'same-origin' });
      clearTimeout(timer);
      timer = limit(limits.bodyTimeout);
      const body = new Uint8Array(await r.arrayBuffer());
      postMessage({ id, status: r.status, type: r.headers.get('content-type'), url: r.url, body }, [body.buffer]);
    } catch (err) {
      const error = fired ? 'timeout' : ctl.signal.aborted ? 'aborted' : 'network';
      postMessage({ id, error, secs: fired, message: String(err) });
    } finally {
      clearTimeout(timer);
    }
  };
}
