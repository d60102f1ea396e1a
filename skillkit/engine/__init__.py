"""One run: sources, the result cache, parallel checks, results in input order; one folder skill, one zip skill."""
