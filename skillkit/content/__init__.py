"""Checks on raw file contents that know nothing of skills: secrets, hidden text, code syntax, language names."""
