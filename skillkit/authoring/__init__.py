"""Writing skills: `skillkit fix` applies the edits rules offer and checks the result; `skillkit new` starts a skill."""
