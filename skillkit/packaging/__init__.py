"""build-zip: collect a skill's files, write the zip deterministically, verify it, then rename it into place."""
