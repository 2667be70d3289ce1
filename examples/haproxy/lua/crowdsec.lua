-- spoa-bouncer pages rendered by HAProxy's Lua, the Go cs-haproxy-spoa-bouncer's way: the action
-- "crowdsec_handle" replies with the ban page (403) or the captcha page (200) from the agent's variables.
-- Templates may use the Go bouncer's {{name}} placeholders (with its {{ if name != "" then }} /
-- {{ else }} / {{ end }} lines) or the lf-file syntax of the Lua-free pages (%[var(txn.crowdsec.name)],
-- %[var(txn.crowdsec.name),json], %[unique-id], %[src]), so one set of pages serves both setups.
--
--   lua-load /etc/haproxy/crowdsec/lua/crowdsec.lua
--   setenv CROWDSEC_BAN_TEMPLATE_PATH     /etc/haproxy/crowdsec/ban.html
--   setenv CROWDSEC_CAPTCHA_TEMPLATE_PATH /etc/haproxy/crowdsec/captcha.html
--   http-request lua.crowdsec_handle if { var(txn.crowdsec.remediation) -m str "captcha" }
--   http-request lua.crowdsec_handle if { var(txn.crowdsec.remediation) -m str "ban" }

local templates = {}

local function read(path)
  local f = io.open(path, "r")
  if f == nil then
    core.Alert("crowdsec: cannot read template " .. tostring(path))
    return nil
  end
  local s = f:read("*a")
  f:close()
  return s
end

core.register_init(function()
  templates.ban = read(os.getenv("CROWDSEC_BAN_TEMPLATE_PATH") or "/var/lib/crowdsec-haproxy-spoa-bouncer/html/ban.html")
  -- The ban page with the host's contact link (the agent sends the URL HTML-escaped, http/https/mailto only).
  templates.ban_contact = read(os.getenv("CROWDSEC_BAN_CONTACT_TEMPLATE_PATH")
    or (os.getenv("CROWDSEC_BAN_TEMPLATE_PATH") or "/var/lib/crowdsec-haproxy-spoa-bouncer/html/ban.html"):gsub("ban%.html$", "ban-with-contact.html"))
  templates.captcha = read(os.getenv("CROWDSEC_CAPTCHA_TEMPLATE_PATH") or "/var/lib/crowdsec-haproxy-spoa-bouncer/html/captcha.html")
end)

local function var(txn, name)
  return txn:get_var("txn.crowdsec." .. name) or ""
end

local function json_escape(s)
  return (s:gsub('[%c"\\<>&]', function(c)
    return string.format("\\u%04x", string.byte(c))
  end))
end

-- The Go bouncer's line-based conditionals: {{ if name != "value" then }}, {{ if name == "value" then }}, {{ else }}, {{ end }}.
local function conditionals(tpl, txn)
  local out, keep, stack = {}, true, {}
  for line in (tpl .. "\n"):gmatch("(.-)\n") do
    local name, op, value = line:match('^%s*{{%s*if%s+([%w_]+)%s*([!=]=)%s*"(.-)"%s*then%s*}}%s*$')
    if name then
      table.insert(stack, keep)
      local v = var(txn, name)
      keep = keep and ((op == "==" and v == value) or (op == "!=" and v ~= value))
    elseif line:match("^%s*{{%s*else%s*}}%s*$") then
      keep = stack[#stack] and not keep
    elseif line:match("^%s*{{%s*end%s*}}%s*$") then
      keep = table.remove(stack)
      if keep == nil then keep = true end
    elseif keep then
      table.insert(out, line)
    end
  end
  return table.concat(out, "\n")
end

local function render(tpl, txn)
  tpl = conditionals(tpl, txn)
  -- Replacement functions return their value literally: a '%' in a value cannot break the page.
  tpl = tpl:gsub("%%%[var%(txn%.crowdsec%.([%w_]+)%),json%]", function(name) return json_escape(var(txn, name)) end)
  tpl = tpl:gsub("%%%[var%(txn%.crowdsec%.([%w_]+)%)%]", function(name) return var(txn, name) end)
  tpl = tpl:gsub("%%%[unique%-id%]", function() return txn.f:unique_id() or "" end)
  tpl = tpl:gsub("%%%[src%]", function() return txn.f:src() or "" end)
  tpl = tpl:gsub("{{%s*([%w_]+)%s*}}", function(name) return var(txn, name) end)
  return tpl
end

-- As the Lua-free frontend (Go #165): HTML for clients that send no Accept, or accept text/html or */*,
-- unless they refuse it with text/html;q=0.
local function wants_html(txn)
  local accept = txn.http:req_get_headers()["accept"]
  if accept == nil then
    return true
  end
  local html = false
  for _, v in pairs(accept) do
    if v:find("text/html%s*;%s*q=0[%.0]*%f[^%d%.]") then
      return false
    end
    if v:find("*/*", 1, true) or v:find("text/html", 1, true) then
      html = true
    end
  end
  return html
end

core.register_action("crowdsec_handle", {"http-req"}, function(txn)
  local remediation = var(txn, "remediation")
  local tpl, status
  local plain
  if remediation == "ban" then
    tpl, status, plain = templates.ban, 403, "Forbidden\n"
    if var(txn, "contact_us_url") ~= "" and templates.ban_contact ~= nil then
      tpl = templates.ban_contact
    end
  elseif remediation == "captcha" then
    tpl, status, plain = templates.captcha, 200, "Captcha required\n"
  else
    return
  end
  local reply = txn:reply()
  reply:set_status(status)
  reply:add_header("cache-control", "no-cache")
  reply:add_header("cache-control", "no-store")
  if tpl ~= nil and wants_html(txn) then
    reply:add_header("content-type", "text/html; charset=utf-8")
    reply:set_body(render(tpl, txn))
  else
    reply:add_header("content-type", "text/plain; charset=utf-8")
    reply:set_body(plain)
  end
  txn:done(reply)
end)
