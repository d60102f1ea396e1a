"""What the claude.ai upload accepts: zip layout rules (the Z rules) and the files that stay out of a zip."""
