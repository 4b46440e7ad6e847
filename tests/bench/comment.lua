-- comment.lua: wrk script posting comments, each with its own token from
-- tokens.txt (one "POST_ID TOKEN" per line), and counting the answers.
local tokens = {}
local i = 0
local counts = {}

init = function(args)
	for line in io.lines(args[1]) do
		local id, tok = line:match("^(%d+) (%S+)$")
		if id then tokens[#tokens + 1] = { id = id, tok = tok } end
	end
end

request = function()
	i = i + 1
	local t = tokens[(i - 1) % #tokens + 1]
	local body = "author=Bench+" .. i .. "&email=bench" .. i ..
	    "%40example.org&comment=Benchmark+comment+number+" .. i ..
	    "&comment_post_ID=" .. t.id .. "&comment_parent=0&token=" .. t.tok
	return wrk.format("POST", "/comment",
	    { ["Content-Type"] = "application/x-www-form-urlencoded" }, body)
end

response = function(status, headers, body)
	counts[status] = (counts[status] or 0) + 1
end

done = function(summary, latency, requests)
	for s, n in pairs(counts) do
		io.write(string.format("status %d: %d\n", s, n))
	end
end
