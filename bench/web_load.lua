-- wrk script: GET <path>?q=<query>, cycling through queries of very
-- different result-set sizes; prints one RESULT line for web_load.sh.
local queries = {
  "assad", "syria", "damascus", "%22kofi+annan%22", "homs+shelling", "chemical+weapons",
  "rebels+aleppo", "%22security+council%22", "refugees+turkey", "ceasefire",
  "opposition+talks+geneva", "hezbollah", "%22free+syrian+army%22", "russia+veto",
  "idlib", "kurdish+fighters", "protesters+killed", "sanctions+oil", "deraa", "uprising",
}
local path = "/api/search"
local i = 0

init = function(args)
  if args[1] then path = args[1] end
end

request = function()
  i = i + 1
  return wrk.format("GET", path .. "?limit=20&q=" .. queries[(i % #queries) + 1])
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.1f rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f non2xx=%d socket_errors=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.status, e.connect + e.read + e.write + e.timeout))
end
