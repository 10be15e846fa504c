// Test-only: runs deploy/nginx/bifrost-mask.js's streaming masker inside nginx's njs (the
// engine it runs in when deployed) on a posted document, for tests/e2e_secrets.rs.
import m from 'bifrost-mask.js';

function run(pieces) {
    var k = new m.Masker();
    var out = '';
    for (var i = 0; i < pieces.length; i++) out += k.feed(pieces[i], i === pieces.length - 1);
    return out;
}

// POST /split: the document cut in two at every offset, and in three (a 1..7 character middle
// piece); each must come out exactly as the whole document masked at once.
function split(r) {
    var s = r.requestText || '';
    var want = m.maskText(s);
    var bad = [];
    for (var k = 0; k <= s.length; k++) {
        if (run([s.slice(0, k), s.slice(k)]) !== want) bad.push('2@' + k);
        var w = 1 + (k % 7);
        if (run([s.slice(0, k), s.slice(k, k + w), s.slice(k + w)]) !== want) bad.push('3@' + k);
    }
    r.headersOut['Content-Type'] = 'application/json';
    r.return(200, JSON.stringify({ whole: want, bad: bad.slice(0, 20), failures: bad.length }));
}

// POST /chunks?size=N: the document fed in pieces of N characters; answers the output.
function chunks(r) {
    var s = r.requestText || '';
    var n = Number(r.args.size) || 4096;
    var k = new m.Masker();
    var out = [];
    for (var i = 0; i < s.length; i += n) out.push(k.feed(s.slice(i, i + n), i + n >= s.length));
    if (s.length === 0) out.push(k.feed('', true));
    r.return(200, out.join(''));
}

export default { split, chunks };
