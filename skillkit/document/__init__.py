"""Bytes to SkillDocument: decode, frontmatter, YAML with key positions, the markdown parsed once, references resolved."""
