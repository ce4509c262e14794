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

-- The RESULT line, from wrk_report.lua beside this script.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "wrk_report.lua")
