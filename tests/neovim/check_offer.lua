-- Opens an offer document in headless Neovim, attaches `lighthouse-offer lsp` with Neovim's own
-- LSP client (vim.lsp.start_client, in Neovim 0.7 and later), waits for the diagnostics the
-- server publishes, asks for a hover, and writes what Neovim holds as JSON.
-- Environment: LO_BIN (the binary), LO_FILE (the document), LO_OUT (the JSON written),
-- LO_HOVER_LINE and LO_HOVER_COL (0-based position of the hover).
local bin = os.getenv("LO_BIN")
local file = os.getenv("LO_FILE")
local out = os.getenv("LO_OUT")

vim.cmd("edit " .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({
  name = "lighthouse-offer",
  cmd = { bin, "lsp" },
  root_dir = vim.fn.fnamemodify(file, ":p:h"),
})
vim.lsp.buf_attach_client(buf, client_id)

local published = vim.wait(20000, function()
  return #vim.diagnostic.get(buf) > 0
end, 50)

local diagnostics = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  local lsp = (d.user_data or {}).lsp or {}
  table.insert(diagnostics, {
    code = d.code or lsp.code,
    lnum = d.lnum,
    col = d.col,
    severity = d.severity,
    message = d.message,
  })
end

local client = vim.lsp.get_client_by_id(client_id)
local hover = client.request_sync("textDocument/hover", {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  position = { line = tonumber(os.getenv("LO_HOVER_LINE")), character = tonumber(os.getenv("LO_HOVER_COL")) },
}, 10000, buf)

local hover_text = vim.NIL
if hover and hover.result and hover.result.contents then
  hover_text = hover.result.contents.value
end

vim.fn.writefile({ vim.fn.json_encode({
  published = published,
  diagnostics = diagnostics,
  hover = hover_text,
  version = vim.version(),
}) }, out)

client.stop()
vim.wait(5000, function() return client.is_stopped() end, 50)
vim.cmd("qall!")
