// Bifrost Dashboard: masks every password in Bifrost's answers before they leave nginx
// (njs, Debian's libnginx-mod-http-js; written for njs 0.7.9, nginx 1.22). Loaded by the
// recipes of deploy/nginx/ with
//     js_path   /etc/nginx/njs/;                   (the folder holding this file)
//     js_import bifrost_mask from bifrost-mask.js;
//     js_header_filter bifrost_mask.headers;        (the length changes: no Content-Length)
//     js_body_filter   bifrost_mask.body;
// on the API locations only.
//
// The rule (the dashboard's src/model/mask.rs applies the same one, so an answer masked here
// shows unchanged there). A password becomes `***`:
//   1. user info `user:PASSWORD@`: in a token (a run without whitespace, quote, `<`, `>`, or
//      JSON's `\n`, `\t`, `\r`), everything between the first `:` (after a `scheme://`, if
//      any) and the token's last `@`: Go MySQL DSNs `user:pass@tcp(host:port)/db?params`
//      (the password may hold `@`, `:`, `/`), URLs `scheme://user:pass@host` (ClickHouse,
//      Kafka SASL, Redis, MongoDB, http basic auth). `user:@host` (no password) stays.
//   2. parameters `password=`, `passwd=`, `pwd=`, `pass=`, `secret=`, `token=` (any case)
//      after anything but a letter or digit (`?`, `&` or JSON's `\u0026`, `;`, `(`, `sasl.`,
//      `db_`, a space...): the value up to the
//      next `&`, `;`, `,`, `?`, space or end of the string (a quoted value: to its quote).
//   3. JSON members named like rule 2 (`"Password":"..."`): the string value.
// The text is matched as it travels, JSON-escaped (`\u0026`, `\/`, `\"`): an escape counts as
// part of a password, so a quote inside one does not end it. When in doubt more is masked.
//
// Streaming: nginx hands the body over in buffers (a few KiB each); a password may be cut
// between two. Each call masks and sends everything up to the last JSON string boundary (an
// unescaped `"`) or newline, and keeps the rest (the string still open, normally a few dozen
// bytes) for the next call. A string longer than MAX_TAIL (a 10 MB error) is sent in pieces
// cut at a space or JSON escape when there is one; a token cut open is masked from its first
// `:` to its last `@` (to its end without one: more than needed, never less), and a
// `password=` value cut open is dropped until it ends. Memory per request is
// bounded by MAX_TAIL plus one buffer; each byte is looked at a fixed number of times.

var MAX_TAIL = 16384;
var MARK = '***';

var KEYS = '(?:password|passwd|pwd|pass|secret|token)';
// One character of a token: not whitespace, quote, < or >; JSON escapes other than \n \t \r
// and \u003c \u003e \u0022 \u0027 (escaped < > " ') belong to it.
var T = '(?:[^\\s"\'<>\\\\]|\\\\[^ntru]|\\\\u(?!00(?:3[cCeE]|22|27))[0-9a-fA-F]{4})';
// The same without `:` (the user part).
var U = '(?:[^\\s"\'<>\\\\:]|\\\\[^ntru]|\\\\u(?!00(?:3[cCeE]|22|27))[0-9a-fA-F]{4})';
var DELIM = '(?:[\\s"\'<>]|\\\\[ntr]|\\\\u00(?:3[cCeE]|22|27))';
var SCHEME = '(?:[A-Za-z][A-Za-z0-9+.\\-]*:(?:\\/\\/|\\\\\\/\\\\\\/))';
// rule 1: (start)(scheme? user):(password)@ ; the greedy password reaches the token's last @.
var USERINFO = new RegExp('(^|' + DELIM + ')(' + SCHEME + '?' + U + '*:)(' + T + '+)@', 'g');
// rule 2: a value is what follows up to a separator (JSON's \u0026 \n \t \r included).
var SEP = '(?:[&;,?\\s"\']|\\\\u0026|\\\\[ntr])';
var VALUE_CHAR = '(?:[^&;,?\\s"\'\\\\]|\\\\(?!u0026|[ntr"])(?:u[0-9a-fA-F]{4}|[^u]))';
var QUOTED = '(?:\'[^\'"]*\'|\\\\"(?:[^"\\\\]|\\\\[^"])*\\\\")';
var PARAM = new RegExp(
    '(^|[^A-Za-z0-9\\\\]|\\\\u0026|\\\\[ntr\"])(' + KEYS + '\\s*=\\s*)(' + QUOTED + '|' + VALUE_CHAR + '+)',
    'gi'
);
// rule 3
var MEMBER = new RegExp('((?:^|")' + KEYS + '"\\s*:\\s*")((?:[^"\\\\]|\\\\.)+)(?=")', 'gi');
// A member's key (and maybe the start of its value) just before a cut: cut before it instead.
var MEMBER_OPEN = new RegExp('"' + KEYS + '"\\s*:?\\s*"?(?:[^"\\\\]|\\\\.)*$', 'i');
// ... also when the key's opening quote went out with the text before (s starts after it).
var MEMBER_OPEN_AT_START = new RegExp('^' + KEYS + '"\\s*:?\\s*"?(?:[^"\\\\]|\\\\.)*$', 'i');
var VALUE_LEAD = new RegExp('^' + VALUE_CHAR + '*');
var TOKEN_LEAD = new RegExp('^' + T + '*');

// Whether s may hold anything to mask (njs 0.7 frees nothing before the request ends, so
// text without a trigger is not copied through the three passes).
var TRIGGER = new RegExp('[@=]|' + KEYS + '"', 'i');

function maskText(s) {
    return TRIGGER.test(s) ? maskPiece(s).text : s;
}

// Masks s; valueOpen: a `password=` value runs to the end of s (it may go on after it).
function maskPiece(s) {
    var valueOpen = false;
    var text = s
        .replace(USERINFO, function (m, lead, user, pw) {
            return pw === MARK ? m : lead + user + MARK + '@';
        })
        .replace(PARAM, function (m, lead, key, value, offset, all) {
            if (offset + m.length === all.length && value.charAt(0) !== "'") valueOpen = true;
            return lead + key + MARK;
        })
        .replace(MEMBER, function (m, head) {
            return head + MARK;
        });
    return { text: text, valueOpen: valueOpen };
}

// The end of the last hard boundary of s (after an unescaped `"` or a newline), or -1.
function hardCut(s) {
    var nl = s.lastIndexOf('\n');
    var q = s.length;
    while (true) {
        q = q > 0 ? s.lastIndexOf('"', q - 1) : -1;
        if (q <= 0 || s.charCodeAt(q - 1) !== 92 /* \ */) break;
    }
    var at = Math.max(nl, q);
    if (at < 0) return -1;
    var cut = at + 1;
    // Never between a secret member's key and its value.
    var from = Math.max(0, cut - 256);
    var m = MEMBER_OPEN.exec(s.slice(from, cut));
    if (m) cut = from + m.index;
    else if (cut < 256 && MEMBER_OPEN_AT_START.test(s.slice(0, cut))) cut = 0;
    return cut;
}

// The end of the last soft boundary of s (a space, tab, `\n`/`\t`/`\r` escape), or -1.
function softCut(s) {
    var best = Math.max(s.lastIndexOf(' '), s.lastIndexOf('\t'));
    var cut = best < 0 ? -1 : best + 1;
    var e = s.length;
    while (true) {
        var i = e > 0 ? s.lastIndexOf('\\', e - 1) : -1;
        if (i < 0 || i + 2 <= cut) break;
        var c = s.charAt(i + 1);
        if ((c === 'n' || c === 't' || c === 'r') && (i === 0 || s.charCodeAt(i - 1) !== 92)) {
            cut = Math.max(cut, i + 2);
            break;
        }
        e = i;
    }
    return cut;
}

// A streaming masker: feed(chunk, last) returns the masked text that can go out now.
function Masker() {
    this.tail = '';
    this.openColon = false; // dropping a long token's text after its `:` (*** already sent)
    this.inValue = false; // dropping a long `password=` value (*** already sent)
}

Masker.prototype.feed = function (chunk, last) {
    var s = this.tail.length ? this.tail + chunk : chunk;
    this.tail = '';
    if (this.inValue) {
        var v = VALUE_LEAD.exec(s)[0];
        if (v.length === s.length && !last) return '';
        s = s.slice(v.length);
        this.inValue = false;
    }
    if (this.openColon) {
        var tok = TOKEN_LEAD.exec(s)[0];
        var at = tok.lastIndexOf('@');
        if (at >= 0) {
            s = s.slice(at);
        } else if (tok.length < s.length || last) {
            s = s.slice(tok.length);
        } else {
            return '';
        }
        this.openColon = false;
    }
    if (last) return maskText(s);
    var cut = hardCut(s);
    if (s.length - cut > MAX_TAIL) {
        cut = Math.max(cut, softCut(s));
        if (s.length - cut > MAX_TAIL) return this.force(s);
    }
    if (cut < 0) cut = 0;
    if (cut === s.length) return maskText(s);
    this.tail = s.slice(cut);
    return maskText(s.slice(0, cut));
};

// No boundary in the last MAX_TAIL characters: send all but MAX_TAIL / 2 of them. The token
// left open at the cut, if it had a `:`, is masked from there (a password may go on), and a
// `password=` value open at the cut is dropped until it ends.
Masker.prototype.force = function (s) {
    var cut = s.length - (MAX_TAIL >> 1);
    var c = s.charCodeAt(cut - 1);
    if (c === 92 || (c >= 0xd800 && c <= 0xdbff)) cut -= 1; // no half escape or pair
    var piece = s.slice(0, cut);
    this.tail = s.slice(cut);
    var start = Math.max(hardCut(piece), softCut(piece), piece.lastIndexOf(' ') + 1, 0);
    var colon = piece.indexOf(':', start);
    var masked = TRIGGER.test(piece) ? maskPiece(piece) : { text: piece, valueOpen: false };
    if (masked.valueOpen) {
        this.inValue = true;
        return masked.text;
    }
    if (colon >= 0) {
        this.openColon = true;
        return maskText(piece.slice(0, colon + 1)) + MARK;
    }
    return masked.text;
};

function headers(r) {
    delete r.headersOut['Content-Length'];
}

// njs gives each request its own copy of the module's globals: one masker per answer.
var masker = null;

function body(r, data, flags) {
    if (masker === null) masker = new Masker();
    var out = masker.feed(data, flags.last);
    // Nothing to send yet: send nothing (an empty buffer broke the chunked framing of large
    // answers in njs 0.7.9). A short string goes as a Buffer: njs may keep short strings
    // inside the value itself, which does not outlive this call, while nginx may send later.
    if (out.length === 0 && !flags.last) return;
    r.sendBuffer(out.length < 32 ? Buffer.from(out) : out, flags);
}

export default { headers, body, maskText, Masker, MAX_TAIL };
