"""Rules for Claude Code plugin and marketplace manifests and for repository layout (the checks live in plugins.py)."""

from __future__ import annotations

from skillkit.ids import RuleId
from skillkit.rules.base import E, I, W, reported

manifest_json = reported(
    RuleId.MANIFEST_JSON,
    E,
    """`.claude-plugin/plugin.json` or `.claude-plugin/marketplace.json` is not a valid JSON object.

    Claude Code refuses the whole plugin or marketplace ("Invalid JSON syntax"). The diagnostic points at the
    line and column where parsing stopped; the usual causes are a trailing comma, a comment, or a missing
    comma between two entries. The file must be UTF-8 and hold one JSON object.
    """,
)

manifest_required = reported(
    RuleId.MANIFEST_REQUIRED,
    E,
    """A required manifest field is missing.

    `plugin.json` needs `name`. `marketplace.json` needs `name`, `owner` with `owner.name`, and a `plugins`
    array whose every entry has `name` and `source`. Claude Code reports such a manifest as invalid and
    does not load it.
    """,
)

manifest_field_type = reported(
    RuleId.MANIFEST_FIELD_TYPE,
    E,
    """A known manifest field holds the wrong type of value, e.g. `"plugins": {}` or `"strict": "false"`.

    A wrong type on a known field is a load error in Claude Code. Names, versions and descriptions are
    strings; `plugins`, `keywords` and `dependencies` are arrays; `owner` and `author` are objects;
    component paths (`skills`, `commands`, `agents`, ...) are a string or an array of strings;
    `strict` and `defaultEnabled` are booleans.
    """,
)

manifest_unknown_key = reported(
    RuleId.MANIFEST_UNKNOWN_KEY,
    W,
    """A manifest key Claude Code does not know (a typo such as `descripton`, or a custom field).

    Unknown fields are ignored at run time and `claude plugin validate` warns about them (`--strict`
    makes that an error). Close misspellings get a did-you-mean.
    """,
)

manifest_name = reported(
    RuleId.MANIFEST_NAME,
    W,
    """A plugin or marketplace name is not kebab-case, or Claude Desktop would not accept it.

    Use lowercase letters, digits and single hyphens (`my-plugin`): the claude.ai marketplace sync rejects
    other names. Claude Desktop accepts names of at most 128 characters from `[A-Za-z0-9._-]` that start
    with a letter or digit, and reserves the marketplace names `org`, `org-provisioned` and `unknown`.
    """,
)

marketplace_reserved_name = reported(
    RuleId.MARKETPLACE_RESERVED_NAME,
    E,
    """The marketplace name is reserved for Anthropic's own marketplaces (or looks like one).

    Reserved: `claude-code-marketplace`, `claude-code-plugins`, `claude-plugins-official`,
    `claude-plugins-community`, `claude-community`, `anthropic-marketplace`, `anthropic-plugins`,
    `agent-skills`, `anthropic-agent-skills`, `knowledge-work-plugins`, `life-sciences`, `claude-for-legal`,
    `claude-for-financial-services`, `financial-services-plugins`, `first-party-plugins` and `healthcare`,
    also written with other separators or case. Users cannot add a third-party marketplace of that name;
    only Anthropic's own repositories may use them (anthropics/skills is `anthropic-agent-skills`), so a
    copy or fork published elsewhere must rename its marketplace. Anthropic's own marketplaces are not
    reported: those whose `owner.email` is an anthropic.com address, or whose `owner.url` or repository
    is under github.com/anthropics.
    """,
)

marketplace_duplicate_plugin = reported(
    RuleId.MARKETPLACE_DUPLICATE_PLUGIN,
    E,
    """Two entries of one marketplace have the same plugin name ("Duplicate plugin name found in marketplace").""",
)

marketplace_empty = reported(
    RuleId.MARKETPLACE_EMPTY,
    W,
    """The marketplace lists no plugins (`"plugins": []`), so installing from it offers nothing.""",
)

manifest_path = reported(
    RuleId.MANIFEST_PATH,
    E,
    """A path in a manifest is absolute, contains `..`, or does not start with `./`.

    Plugin sources and component paths (`skills`, `commands`, `agents`, `hooks`, ...) are relative to the
    plugin or marketplace root and start with `./`; `skills` may also be `"."` (Claude Code 2.1.221 and
    later; `"./"` works everywhere). A `..` would reach outside the plugin, which an installed copy does
    not have.
    """,
)

manifest_source_missing = reported(
    RuleId.MANIFEST_SOURCE_MISSING,
    E,
    """A local plugin source or skill path named in a manifest does not exist, or is not a folder.

    The plugin then fails to install, or installs without that skill. Fix the path, or remove the entry.
    """,
)

plugin_strict_conflict = reported(
    RuleId.PLUGIN_STRICT_CONFLICT,
    E,
    """A marketplace entry has `"strict": false` while the plugin's own plugin.json also declares components.

    With `strict: false` the marketplace entry is the plugin's entire definition; a plugin.json that
    declares `skills`, `commands`, `agents`, `hooks`, `mcpServers` or other components as well makes the
    plugin fail to load. Declare the components in one place.
    """,
)

plugin_layout = reported(
    RuleId.PLUGIN_LAYOUT,
    E,
    """A component folder or file sits inside `.claude-plugin/` instead of at the plugin root.

    Only the manifests belong in `.claude-plugin/`. `skills/`, `commands/`, `agents/`, `hooks/`,
    `.mcp.json` and the other components live next to it, at the plugin root, or Claude Code never loads
    them.
    """,
)

duplicate_skill_name = reported(
    RuleId.DUPLICATE_SKILL_NAME,
    E,
    """Two skills in one plugin, or in one `.claude/skills/` folder, have the same name.

    Claude Code loads only one of them under that name; which one wins is not defined. The name is the
    frontmatter `name`, or the folder name when there is none. Names are compared as Claude Code compares them
    (2.1.228+): two names that differ only in letter case, white space, invisible characters or NFKC
    compatibility forms (full-width letters, dash variants) are the same name, so `Commit` clashes with
    `commit`; look-alike letters of another script stay apart. Source: code.claude.com/docs/en/skills, "When a
    synced skill name matches another command". Skills of one name elsewhere (two plugins of a marketplace,
    other folders, loose copies and drafts) do not clash there: `skill-name-repeated` notes them.
    """,
)

skill_name_repeated = reported(
    RuleId.SKILL_NAME_REPEATED,
    I,
    """Skills in places Claude Code does not load together share a name: loose skills of one run (a draft and its
    published copy), two plugins of one marketplace, or a plugin and a `.claude/skills/` folder.

    Nothing breaks in Claude Code: plugin skills are namespaced `/plugin:name`, and each folder is a separate
    install (code.claude.com/docs/en/skills, "Resolve skills that share a name": a plugin skill and a skill of
    another location both load). On claude.ai one account holds one skill per name, and uploading a second one
    asks to replace the first ("Replace '<name>' skill?"). Said once per name, on the first skill in path
    order, naming the others; names are compared as `duplicate-skill-name` compares them.
    """,
)

listing_budget = reported(
    RuleId.LISTING_BUDGET,
    W,
    """The skills of one plugin, or of one `.claude/skills/` folder, list more names and descriptions than Claude
    Code's skill listing holds.

    Claude Code lists every skill's name and description (plus `when_to_use`, cut at 1,536 characters) in a
    share of the context window: `skillListingBudgetFraction`, 0.01 by default, counted in characters, so about
    8,000 characters on a 200K-token model and 40,000 on a 1M one (`SLASH_COMMAND_TOOL_CHAR_BUDGET` replaces it
    with a fixed number). When the listing overflows, every name stays but the least-used skills lose their
    whole description, and Claude no longer knows when to use them. Source: code.claude.com/docs/en/skills,
    "Skill descriptions are cut short"; code.claude.com/docs/en/settings-reference#skilllistingbudgetfraction.
    A plugin or folder that passes the budget alone overflows whatever else is installed. Each skill counts its
    name (with the `plugin:` prefix), its description and `when_to_use` as listed, and 4 characters of
    punctuation; skills with `disable-model-invocation: true` are not listed for Claude and do not count. The
    finding sits on the largest entry and names the three largest. Set the budget in characters with
    `listing-budget` in `[tool.skillkit]` (default 8000; 40000 for 1M-token models).
    """,
)

description_overlap = reported(
    RuleId.DESCRIPTION_OVERLAP,
    I,
    """Two skills that Claude Code loads together (one plugin, one `.claude/skills/` folder, one marketplace) have
    descriptions so alike that Claude cannot tell when to use which.

    Claude picks the skill to use from the listing of names and descriptions alone (code.claude.com/docs/en/skills:
    "Claude uses this to decide when to apply the skill"). Descriptions are compared as sets of words, without
    case and without the words every description uses ("use", "when", "skill", "user", ...); a pair sharing 70% or
    more of its words (Jaccard similarity), each with at least 8 such words, is reported once, on the later skill
    in path order. Usually a copy, a draft or a split that kept its parent's description: say what sets each
    apart, or merge them. Not reported: variants of one template that swap a name in place (`Azure Blob SDK
    for Rust` / `... for Python`, `Cursor docs` / `Gemini CLI docs`), which Claude tells apart by that name. Skills with `disable-model-invocation: true` are not compared (Claude does not choose
    them). Pairs are found through an index of each description's rarest words, so a large marketplace costs
    about as much as its descriptions.
    """,
)

skill_mirror = reported(
    RuleId.SKILL_MIRROR,
    I,
    """A folder of skills whose `SKILL.md` files are symlinks to skills checked elsewhere in the run: a mirror that a
    tool generates for another agent (`.gemini/skills/`, `.codex/skills/`, `.cursor/skills/`).

    Such a mirror is not a skill to upload or install: its skills are checked once, where they live, and the
    mirror is said once, here, instead of every link and file in it being reported as leaving its folder.
    """,
)

symlink_outside_skill = reported(
    RuleId.SYMLINK_OUTSIDE_SKILL,
    W,
    """SKILL.md is a symlink to a file outside its skill folder.

    It works in this checkout, but a zip, an upload or a plugin install copies the skill folder and
    loses or breaks the link; `claude plugin validate` does not follow symlinks. Store the file itself.
    """,
)

symlink_outside_repo = reported(
    RuleId.SYMLINK_OUTSIDE_REPO,
    E,
    """SKILL.md is a symlink that leaves the repository (or the checked folder). It is not read.

    skillkit never follows a link out of the tree it was asked to check, so a pull request cannot make a
    CI run print the contents of files elsewhere on the machine. Store the file itself.
    """,
)
