"""Text to markdown-it-py tokens: markdown-it-py as the reference and the fast scanner beside it; knows nothing of skills."""
