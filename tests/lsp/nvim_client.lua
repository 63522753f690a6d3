-- nvim_client.lua — drives `linger lsp` from Neovim 0.7 headless, through
-- vim.lsp.start_client: open leak.c -> a diagnostic at the right line and
-- UTF-16 column with the rule as its code; apply the quick fix -> the buffer
-- holds the edit and the diagnostic clears.  Writes "ok" or the failure to
-- the result file named by $LINGER_NVIM_RESULT, then quits.
local result_file = os.getenv("LINGER_NVIM_RESULT")
local linger = os.getenv("LINGER_BIN")
local file = os.getenv("LINGER_NVIM_FILE")

local function finish(msg)
  local f = io.open(result_file, "w")
  f:write(msg .. "\n")
  f:close()
  vim.cmd("qa!")
end

local function wait_for(pred, what)
  local ok = vim.wait(30000, pred, 50)
  if not ok then error("timed out waiting for " .. what) end
end

local ok, err = pcall(function()
  vim.cmd("edit " .. file)
  local bufnr = vim.api.nvim_get_current_buf()
  local client_id = vim.lsp.start_client({
    name = "linger",
    cmd = { linger, "lsp" },
    root_dir = vim.fn.fnamemodify(file, ":h"),
  })
  assert(client_id, "start_client failed")
  vim.lsp.buf_attach_client(bufnr, client_id)

  local function linger_diags()
    return vim.diagnostic.get(bufnr)
  end
  wait_for(function() return #linger_diags() > 0 end, "diagnostics")
  local d = linger_diags()[1]
  -- the expected position: the line holding the call, its UTF-16 column
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  local want_line, want_col
  for i, l in ipairs(lines) do
    local s = l:find("lg_emitter_on(", 1, true)
    if s then
      want_line = i - 1
      want_col = vim.str_utfindex(l, s - 1)    -- UTF-16 units before the call
      break
    end
  end
  assert(d.code == "listener-strong-ref", "code " .. tostring(d.code))
  assert(d.source == "linger", "source " .. tostring(d.source))
  assert(d.lnum == want_line, ("line %d, expected %d"):format(d.lnum, want_line))
  -- vim.diagnostic stores byte columns: convert back to UTF-16 for the check
  local got_col = vim.str_utfindex(lines[d.lnum + 1], d.col)
  assert(got_col == want_col, ("UTF-16 column %d, expected %d"):format(got_col, want_col))

  -- ask for code actions on that line and apply the quick fix
  local client = vim.lsp.get_client_by_id(client_id)
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    range = { start = { line = want_line, character = 0 }, ["end"] = { line = want_line, character = 0 } },
    context = { diagnostics = {} },
  }
  local resp = client.request_sync("textDocument/codeAction", params, 10000, bufnr)
  assert(resp and resp.result, "no code actions")
  local fix
  for _, a in ipairs(resp.result) do
    if a.title == "Use lg_emitter_on_weak" then fix = a end
  end
  assert(fix, "no quick fix offered")
  vim.lsp.util.apply_workspace_edit(fix.edit, "utf-16")
  local fixed = vim.api.nvim_buf_get_lines(bufnr, want_line, want_line + 1, false)[1]
  assert(fixed:find("lg_emitter_on_weak(app.events, listener);", 1, true), "edit: " .. fixed)
  wait_for(function() return #linger_diags() == 0 end, "the diagnostic to clear")
  client.stop()
end)
if ok then finish("ok") else finish("FAIL: " .. tostring(err)) end
