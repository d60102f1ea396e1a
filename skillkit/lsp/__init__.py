"""`skillkit lsp`: a Language Server Protocol server for editors (live diagnostics, quick fixes, frontmatter help).

Only this package imports pygls and lsprotocol, the optional extra `skillkit-lint[lsp]`; `run` checks for them
before anything else is imported, so `skillkit lsp` without them exits 2 saying how to install them.
Modules: `run` (the entry point), `server` (the pygls wiring: documents, debounced checks, publishing),
`check` (one skill checked with the editor's buffers over its folder), `convert` (positions and diagnostics in
LSP's terms), `settings` (the workspace's config file and the client's options), `frontmatter` (hover and
completion in the frontmatter).
"""
