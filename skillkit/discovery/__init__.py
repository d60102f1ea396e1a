"""Paths to skills: skill folders, zips, plugins and marketplaces (manifests with JSON positions), .gitignore via git."""
