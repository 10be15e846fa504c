-- Test-only: runs deploy/nginx/bifrost_mask.lua's streaming masker inside nginx's Lua module
-- (the engine it runs in when deployed) on a posted document, for tests/e2e_mask.rs.
local m = require("bifrost_mask")

local H = {}

local function body()
    ngx.req.read_body()
    return ngx.req.get_body_data() or ""
end

local function run(pieces)
    local k = m.new()
    local out = {}
    for i = 1, #pieces do out[i] = k:feed(pieces[i], i == #pieces) end
    return table.concat(out)
end

-- POST /split: the document cut in two at every offset, and in three (a 1..7 byte middle
-- piece); each must come out exactly as the whole document masked at once (what /chunks
-- answers with one piece).
function H.split()
    local s = body()
    local want = m.mask_text(s)
    local bad, failures = {}, 0
    for k = 0, #s do
        local w = 1 + (k % 7)
        local two = run({ s:sub(1, k), s:sub(k + 1) })
        local three = run({ s:sub(1, k), s:sub(k + 1, k + w), s:sub(k + w + 1) })
        if two ~= want then
            failures = failures + 1
            if #bad < 20 then bad[#bad + 1] = "2@" .. k end
        end
        if three ~= want then
            failures = failures + 1
            if #bad < 20 then bad[#bad + 1] = "3@" .. k end
        end
    end
    ngx.header.content_type = "application/json"
    ngx.print('{"failures":', failures, ',"bad":"', table.concat(bad, " "), '"}')
end

-- POST /chunks?size=N: the document fed in pieces of N bytes; answers the output.
function H.chunks()
    local s = body()
    local n = tonumber(ngx.var.arg_size) or 4096
    local k = m.new()
    local out = {}
    if #s == 0 then out[1] = k:feed("", true) end
    for i = 1, #s, n do out[#out + 1] = k:feed(s:sub(i, i + n - 1), i + n > #s) end
    ngx.print(table.concat(out))
end

-- POST /stream?cuts=a,b,c: the document sent back through the real body filter, flushed at
-- the given byte offsets (each piece reaches the filter as its own buffer).
function H.stream()
    local s = body()
    local from = 1
    for cut in (ngx.var.arg_cuts or ""):gmatch("%d+") do
        local c = tonumber(cut)
        if c >= from then
            ngx.print(s:sub(from, c))
            ngx.flush(true)
            from = c + 1
        end
    end
    ngx.print(s:sub(from))
end

-- GET /gzip: an answer that says it is compressed (the bytes are the plain document).
function H.gzip()
    ngx.header.content_encoding = "gzip"
    ngx.print('{"ConnectUri":"u:S3cr3tMark3r@tcp(h:1)/d"}')
end

return H
