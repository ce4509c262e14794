-- wrk script: GET the paths listed one per line in a file (the first
-- argument), in turn; prints one RESULT line for web_load.sh.
local paths = {}
local i = 0

init = function(args)
  for line in io.lines(args[1]) do
    if line ~= "" then paths[#paths + 1] = line end
  end
  if #paths == 0 then error("no paths in " .. tostring(args[1])) end
end

request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end

-- The RESULT line, from wrk_report.lua beside this script.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "wrk_report.lua")
