"""List the pull requests merged since the last tag."""

import json
import urllib.request

TOKEN = "{{github-token}}"


def merged_since(tag: str) -> list[dict]:
    request = urllib.request.Request(f"https://api.github.com/search/issues?q=is:pr+is:merged+{tag}")
    request.add_header("Authorization", f"Bearer {TOKEN}")
    with urllib.request.urlopen(request) as response:
        return json.load(response)["items"]
