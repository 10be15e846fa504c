-- Bifrost Dashboard: masks every password in Bifrost's answers before they leave nginx
-- (lua-nginx-module, Debian's libnginx-mod-http-lua 0.10.23 with LuaJIT; nginx 1.22). The
-- recipes of deploy/nginx/ load it with
--     lua_package_path "/etc/nginx/lua/?.lua;;";   (http level: the folder holding this file)
-- and, on the API locations only,
--     header_filter_by_lua_block { require("bifrost_mask").headers() }
--     body_filter_by_lua_block   { require("bifrost_mask").body() }
--
-- Why Lua and not njs: njs 0.7 (bookworm's) has no garbage collector, so everything a request
-- allocates stays until it ends (about 8 times the answer: a 13 MB sync list cost a worker
-- 110-245 MB). LuaJIT collects as it goes: a request holds one buffer plus a tail of at most
-- MAX_TAIL bytes, whatever the answer's size (docs/performance.md has the figures).
--
-- The rule (the dashboard's src/model/mask.rs applies the same one, so an answer masked here
-- shows unchanged there). A password becomes `***`:
--   1. user info `user:PASSWORD@`: in a token (a run without whitespace, quote, `<`, `>`, or
--      JSON's `\n`, `\t`, `\r`), everything between the first `:` (after a `scheme://`, if
--      any) and the token's last `@`: Go MySQL DSNs `user:pass@tcp(host:port)/db?params`
--      (the password may hold `@`, `:`, `/`), URLs `scheme://user:pass@host` (ClickHouse,
--      Kafka SASL, Redis, MongoDB, http basic auth). `user:@host` (no password) stays.
--   2. parameters `password=`, `passwd=`, `pwd=`, `pass=`, `secret=`, `token=` (any case)
--      after anything but a letter or digit (`?`, `&` or JSON's `\u0026`, `;`, `(`, `sasl.`,
--      `db_`, a space...): the value up to the next `&`, `;`, `,`, `?`, space or end of the
--      string (a quoted value: to its quote).
--   3. JSON members named like rule 2 (`"Password":"..."`): the string value.
-- The text is matched as it travels, JSON-escaped (`\u0026`, `\/`, `\"`): an escape counts as
-- part of a password, so a quote inside one does not end it. When in doubt more is masked.
--
-- Streaming: nginx hands the body over in buffers (a few KiB each); a password may be cut
-- between two. Each call masks and sends everything up to the last JSON string boundary (an
-- unescaped `"`) or newline, and keeps the rest (the string still open, normally a few dozen
-- bytes) for the next call. A string longer than MAX_TAIL (a 10 MB error) is sent in pieces
-- cut at a space or JSON escape when there is one; a token cut open is masked from its first
-- `:` to its last `@` (to its end without one: more than needed, never less), and a
-- `password=` value cut open is dropped until it ends. Each byte is looked at a fixed number
-- of times; a buffer without anything to mask is copied once (joined to the held tail).

local re_find = ngx.re.find
local re_match = ngx.re.match
local sub, byte, find = string.sub, string.byte, string.find
local concat = table.concat
local max = math.max

local M = {}

local MAX_TAIL = 16384
local MARK = "***"
M.MAX_TAIL = MAX_TAIL

-- PCRE, compiled once per worker ("o"), JIT ("j"). `\z` is the very end (`$` would also match
-- before a final newline). A repeated group takes a whole run of plain bytes at a time (`++`):
-- one step per byte would exhaust PCRE's JIT stack on a 40 KB token.
local KEYS = [[(?:password|passwd|pwd|pass|secret|token)]]
-- JSON escapes that belong to a token: all but \n \t \r and \u003c \u003e \u0022 \u0027
-- (escaped < > " ').
local TOKEN_ESC = [[\\[^ntru]|\\u(?!00(?:3[cCeE]|22|27))[0-9a-fA-F]{4}]]
-- One character of a token: not whitespace, quote, < or >, or one of those escapes.
local T = [[(?:[^\s"'<>\\]|]] .. TOKEN_ESC .. ")"
-- Runs of token characters without `:` (the user part), without `@` (inside a password).
local U_RUN = [[(?:[^\s"'<>\\:]++|]] .. TOKEN_ESC .. ")*+"
local NO_AT_RUN = [[(?:[^\s"'<>\\@]++|]] .. TOKEN_ESC .. ")*+"
local DELIM = [[(?:[\s"'<>]|\\[ntr]|\\u00(?:3[cCeE]|22|27))]]
local SCHEME = [[(?:[A-Za-z][A-Za-z0-9+.\-]*:(?://|\\/\\/))]]
-- rule 1: (start)(scheme? user:)(password@): the password is one token character, then up
-- to the token's last `@` (the group repeats "run without @, then @" as often as it can).
local USERINFO = "(^|" .. DELIM .. ")(" .. SCHEME .. "?" .. U_RUN .. ":)(" .. T .. "(?:"
    .. NO_AT_RUN .. "@)+)"
-- rule 2: a value is what follows up to a separator (JSON's \u0026 \n \t \r included).
local VALUE_ESC = [[\\(?!u0026|[ntr"])(?:u[0-9a-fA-F]{4}|[^u])]]
local VALUE_RUN = [[(?:[^&;,?\s"'\\]++|]] .. VALUE_ESC .. ")"
local QUOTED = [[(?:'[^'"]*+'|\\"(?:[^"\\]++|\\[^"])*+\\")]]
local PARAM = [[(^|[^A-Za-z0-9\\]|\\u0026|\\[ntr"])(]] .. KEYS .. [[\s*=\s*)(]] .. QUOTED .. "|"
    .. VALUE_RUN .. "++)"
-- rule 3
local STRING_RUN = [[(?:[^"\\]++|\\.)]]
local MEMBER = [[((?:^|")]] .. KEYS .. [["\s*:\s*")(]] .. STRING_RUN .. [[++)(?=")]]
-- A member's key (and maybe the start of its value) just before a cut: cut before it instead.
local MEMBER_OPEN = [["]] .. KEYS .. [["\s*:?\s*"?]] .. STRING_RUN .. [[*+\z]]
-- ... also when the key's opening quote went out with the text before (s starts after it).
local MEMBER_OPEN_AT_START = "^" .. KEYS .. [["\s*:?\s*"?]] .. STRING_RUN .. [[*+\z]]
local VALUE_LEAD = "^" .. VALUE_RUN .. "*+"
local TOKEN_LEAD = "^" .. [[(?:[^\s"'<>\\]++|]] .. TOKEN_ESC .. ")*+"
-- Whether s may hold anything to mask (text without one is not run through the three rules).
local TRIGGER = "[@=]|" .. KEYS .. '"'

-- A regex that fails to run (PCRE's limits) stops the answer: nginx closes the connection,
-- and the browser shows a lost connection rather than a password.
local function must(v, err)
    if err then error("bifrost_mask: " .. err) end
    return v
end

-- Whether regex occurs in s (the start of its first match), under the same rule.
local function found(s, regex)
    local from, _, err = re_find(s, regex, "joi")
    return must(from, err)
end

-- Replaces every match of `regex` in s by what `fn(m, ends_at_end)` returns.
local function replace(s, regex, opts, fn)
    local ctx = { pos = 1 }
    local out, n, from = nil, 0, 1
    while true do
        local m = must(re_match(s, regex, opts, ctx))
        if not m then break end
        local stop = ctx.pos - 1 -- the match's last byte
        local start = stop - #m[0] + 1
        out = out or {}
        out[n + 1] = sub(s, from, start - 1)
        out[n + 2] = fn(m, stop == #s)
        n = n + 2
        from = stop + 1
        if #m[0] == 0 then ctx.pos = ctx.pos + 1 end
    end
    if not out then return s end
    out[n + 1] = sub(s, from)
    return concat(out)
end

-- Masks s; the second result: a `password=` value runs to the end of s (it may go on).
local function mask_piece(s)
    local value_open = false
    local text = replace(s, USERINFO, "jo", function(m)
        if m[3] == MARK .. "@" then return m[0] end
        return m[1] .. m[2] .. MARK .. "@"
    end)
    text = replace(text, PARAM, "joi", function(m, at_end)
        if at_end and byte(m[3], 1) ~= 39 --[[ ' ]] then value_open = true end
        return m[1] .. m[2] .. MARK
    end)
    text = replace(text, MEMBER, "joi", function(m)
        return m[1] .. MARK
    end)
    return text, value_open
end

local function mask_text(s)
    if found(s, TRIGGER) then
        return (mask_piece(s))
    end
    return s
end
M.mask_text = mask_text

-- The length of the prefix of s that ends at its last hard boundary (an unescaped `"` or a
-- newline), or -1 when there is none.
local function hard_cut(s)
    local at = -1
    for i = #s, 1, -1 do
        local b = byte(s, i)
        if b == 10 or (b == 34 and (i == 1 or byte(s, i - 1) ~= 92)) then
            at = i
            break
        end
    end
    if at < 0 then return -1 end
    local cut = at
    -- Never between a secret member's key and its value.
    local from = max(0, cut - 256)
    local i = found(sub(s, from + 1, cut), MEMBER_OPEN)
    if i then
        cut = from + i - 1
    elseif cut < 256 and found(sub(s, 1, cut), MEMBER_OPEN_AT_START) then
        cut = 0
    end
    return cut
end

-- The length of the prefix of s that ends at its last soft boundary (a space, a tab, a
-- `\n`/`\t`/`\r` escape), or -1.
local function soft_cut(s)
    for i = #s, 1, -1 do
        local b = byte(s, i)
        if b == 32 or b == 9 then return i end
        if b == 92 and i < #s then
            local c = byte(s, i + 1)
            if (c == 110 or c == 116 or c == 114) and (i == 1 or byte(s, i - 1) ~= 92) then
                return i + 1
            end
        end
    end
    return -1
end

-- A streaming masker: feed(chunk, last) returns the masked text that can go out now.
local Masker = {}
Masker.__index = Masker

function M.new()
    -- open_colon: dropping a long token's text after its `:` (*** already sent);
    -- in_value: dropping a long `password=` value (*** already sent).
    return setmetatable({ tail = "", open_colon = false, in_value = false }, Masker)
end

function Masker:feed(chunk, last)
    local s = chunk
    if #self.tail > 0 then s = self.tail .. chunk end
    self.tail = ""
    if self.in_value then
        local v = must(re_match(s, VALUE_LEAD, "jo"))[0]
        if #v == #s and not last then return "" end
        s = sub(s, #v + 1)
        self.in_value = false
    end
    if self.open_colon then
        local tok = must(re_match(s, TOKEN_LEAD, "jo"))[0]
        local at = nil
        for i = #tok, 1, -1 do
            if byte(tok, i) == 64 --[[ @ ]] then at = i break end
        end
        if at then
            s = sub(s, at)
        elseif #tok < #s or last then
            s = sub(s, #tok + 1)
        else
            return ""
        end
        self.open_colon = false
    end
    if last then return mask_text(s) end
    local cut = hard_cut(s)
    if #s - cut > MAX_TAIL then
        cut = max(cut, soft_cut(s))
        if #s - cut > MAX_TAIL then return self:force(s) end
    end
    if cut < 0 then cut = 0 end
    if cut == #s then return mask_text(s) end
    self.tail = sub(s, cut + 1)
    return mask_text(sub(s, 1, cut))
end

-- No boundary in the last MAX_TAIL bytes: send all but MAX_TAIL / 2 of them. The token left
-- open at the cut, if it had a `:`, is masked from there (a password may go on), and a
-- `password=` value open at the cut is dropped until it ends.
function Masker:force(s)
    local cut = #s - MAX_TAIL / 2
    if byte(s, cut) == 92 then cut = cut - 1 end -- no half escape
    local piece = sub(s, 1, cut)
    self.tail = sub(s, cut + 1)
    local start = max(hard_cut(piece), soft_cut(piece), 0)
    local colon = find(piece, ":", start + 1, true)
    local text, value_open = piece, false
    if found(piece, TRIGGER) then text, value_open = mask_piece(piece) end
    if value_open then
        self.in_value = true
        return text
    end
    if colon then
        self.open_colon = true
        return mask_text(sub(piece, 1, colon)) .. MARK
    end
    return text
end

-- header_filter_by_lua: the masked body is shorter, so the length goes (the dashboard reads to
-- the end of the answer). A compressed answer (the recipes ask for a plain one, but a server
-- may not listen) cannot be read: it becomes an empty 502 rather than pass unmasked.
function M.headers()
    ngx.header.content_length = nil
    local encoding = ngx.header.content_encoding
    if encoding and encoding ~= "identity" then
        ngx.ctx.bifrost_mask_refused = true
        ngx.status = ngx.HTTP_BAD_GATEWAY
        ngx.header.content_encoding = nil
    end
end

-- body_filter_by_lua: one masker per answer, kept in the request's ngx.ctx.
function M.body()
    local ctx = ngx.ctx
    if ctx.bifrost_mask_refused then
        ngx.arg[1] = ""
        return
    end
    local masker = ctx.bifrost_mask
    if not masker then
        masker = M.new()
        ctx.bifrost_mask = masker
    end
    local chunk, eof = ngx.arg[1], ngx.arg[2]
    if not eof and #chunk == 0 and #masker.tail == 0 then return end -- a flush: let it pass
    ngx.arg[1] = masker:feed(chunk, eof)
end

return M
