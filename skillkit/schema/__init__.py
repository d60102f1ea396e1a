"""What each target accepts in the frontmatter: pydantic models, the fast shape check, JSON Schema export, auto target."""
