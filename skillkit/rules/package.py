"""Rules for zips (`skillkit validate X.zip`) and for building them (`skillkit build-zip`): the Z rules of the upload format.

The zip checks live in engine/zipskill.py and packaging/archive.py; for a skill folder checked under claude-ai
or api, the rules that would make the build refuse it run here too (rules/upload.py), so `validate` predicts
`build-zip`. These entries document them and give them ids and severities.
"""

from __future__ import annotations

from collections.abc import Iterator

from skillkit.diagnostics import Finding
from skillkit.ids import RuleId
from skillkit.rules.base import Context, E, W, reported, rule
from skillkit.rules.upload import predicted

zip_corrupt = reported(
    RuleId.ZIP_CORRUPT,
    E,
    """The file is not a readable zip: not a zip at all, truncated, a bad central directory, a CRC
    mismatch, an entry that decompresses to more than it declares, encryption, or an unsupported
    compression method.

    skillkit reads zips in memory and never extracts them, so a damaged or hostile file is reported
    here instead of crashing the run. Rebuild the zip with `skillkit build-zip`.
    """,
)

zip_top_folder = reported(
    RuleId.ZIP_TOP_FOLDER,
    E,
    """The zip does not hold exactly one top-level folder with every entry inside it.

    The Help Center asks for "the skill folder as its root", and the upload refuses other layouts with
    "Zip must contain exactly one top-level folder" or "All files must be inside the top-level folder".
    The usual causes are zipping the folder's contents instead of the folder, or a macOS `__MACOSX/`
    folder next to the skill. (The Skills API may accept `SKILL.md` at the zip root; claude.ai does not.)
    """,
)


@rule(RuleId.ZIP_SKILL_MD, E, needs="file")
def zip_skill_md(ctx: Context) -> Iterator[Finding]:
    """The zip does not hold exactly one `SKILL.md`, directly inside the top-level folder.

    The upload counts files named `SKILL.md` in any case anywhere in the zip ("Zip must contain exactly
    one SKILL.md file. Currently there are N.") and wants it at `<folder>/SKILL.md` ("SKILL.md file
    must be in the top-level folder, not nested deeper"). Zipping a whole repository or a plugin with
    several skills is the usual cause: build one zip per skill.

    For a skill folder, `validate --target claude-ai` (or `api`) reports it too, since `build-zip` would
    refuse the folder for it: validate predicts the build.
    """
    yield from predicted(ctx, RuleId.ZIP_SKILL_MD)


@rule(RuleId.ZIP_PLUGIN_MANIFEST, E, needs="file")
def zip_plugin_manifest(ctx: Context) -> Iterator[Finding]:
    """The skill contains a Claude Code plugin manifest (`.claude-plugin/plugin.json`).

    claude.ai refuses it: "A skill cannot contain a plugin manifest (.claude-plugin/plugin.json).
    Remove it, or upload this content as a plugin instead."

    For a skill folder, `validate --target claude-ai` (or `api`) reports it too, since `build-zip` would
    refuse the folder for it: validate predicts the build.
    """
    yield from predicted(ctx, RuleId.ZIP_PLUGIN_MANIFEST)


@rule(RuleId.ZIP_TOO_LARGE, E, needs="file")
def zip_too_large(ctx: Context) -> Iterator[Finding]:
    """The files add up to more than 30 MB (30,000,000 bytes) uncompressed.

    The upload limit is "30 MB (all files combined, uncompressed)" ("Zip file uncompressed size exceeds
    30MB"); the unit is not documented, so the stricter 30,000,000 bytes is taken: a zip that passes
    here passes the upload whichever unit it uses. For a zip, both the sizes the entries
    declare and the bytes actually decompressed are counted, and reading stops at the limit, so a zip
    bomb is refused without being expanded. Move large media or fonts out of the skill.

    For a skill folder, `validate --target claude-ai` (or `api`) reports it too, since `build-zip` would
    refuse the folder for it: validate predicts the build.
    """
    yield from predicted(ctx, RuleId.ZIP_TOO_LARGE)


@rule(RuleId.ZIP_TOO_MANY_FILES, E, needs="file")
def zip_too_many_files(ctx: Context) -> Iterator[Finding]:
    """The skill has more than 200 files (an observed limit: "Zip contains too many files (maximum 200)").

    No Anthropic document states the number; users report the upload refusing 201. A zip with more than
    10,000 entries is refused without its directory being read. Exclude generated files with a
    `.skillkitignore`, or merge small reference files.

    For a skill folder, `validate --target claude-ai` (or `api`) reports it too, since `build-zip` would
    refuse the folder for it: validate predicts the build.
    """
    yield from predicted(ctx, RuleId.ZIP_TOO_MANY_FILES)


@rule(RuleId.ZIP_NESTED_ARCHIVE, E, needs="file")
def zip_nested_archive(ctx: Context) -> Iterator[Finding]:
    """The skill contains an archive (`.zip`, `.skill`, `.tar`, `.gz`, `.tgz`, `.7z`, `.rar`, `.jar`, ...).

    A skill is uploaded as one zip; archives inside it are opaque to Claude and to reviewers, and a zip
    inside a zip is what a bomb or a smuggled payload looks like. Unpack the files Claude needs into the
    skill folder, or leave the archive out. Found by extension, and for zip, 7z, RAR and xz also by
    content; Office documents (`.docx`, `.xlsx`, `.pptx`, ...) are zips but are not reported.

    For a skill folder, `validate --target claude-ai` (or `api`) reports it too, since `build-zip` would
    refuse the folder for it: validate predicts the build.
    """
    yield from predicted(ctx, RuleId.ZIP_NESTED_ARCHIVE)


@rule(RuleId.ZIP_ENTRY_NAME, E, needs="file")
def zip_entry_name(ctx: Context) -> Iterator[Finding]:
    """An entry or file name that is unsafe or ambiguous in a zip: absolute (`/x`, `C:x`), with a `..`
    or `.` part, a backslash, an empty part (`a//b`), a control character, stored twice, or two names
    that differ only in case or Unicode normalisation (`a/File.md` and `a/file.md`).

    Such names let an archive write outside the folder it is unpacked into ("zip slip"), or unpack
    differently on Windows and on Unix: on the case-insensitive file systems of macOS and Windows two
    names that differ only in case are one file, and one overwrites the other. Entry names must be
    relative, `/`-separated paths under the skill folder. `skillkit build-zip` reports the same for
    the files of a skill folder.

    For a skill folder, `validate --target claude-ai` (or `api`) reports it too, since `build-zip` would
    refuse the folder for it: validate predicts the build.
    """
    yield from predicted(ctx, RuleId.ZIP_ENTRY_NAME)


zip_symlink = reported(
    RuleId.ZIP_SYMLINK,
    E,
    """A zip entry is a symbolic link (or another non-regular file type) instead of a file.

    A stored link can point anywhere on the machine that unpacks it (one packager stored a link to
    `../../../../../etc/hostname`). `skillkit build-zip` stores the content of links that stay inside
    the skill and never writes a link entry.
    """,
)


@rule(RuleId.ZIP_JUNK, W, needs="file")
def zip_junk(ctx: Context) -> Iterator[Finding]:
    """The zip or skill carries junk: `__MACOSX/`, `._*`, `.DS_Store`, `__pycache__/`, `*.pyc`,
    `node_modules/`, `.git`, `.venv/`, editor swap files, or a root `evals/` folder.

    `skillkit build-zip` leaves these out by default; this warning means a zip made by another tool
    holds them, or a `.skillkitignore` `!pattern` put them back.

    For a skill folder, `validate --target claude-ai` (or `api`) warns about it too, as the build does.
    """
    yield from predicted(ctx, RuleId.ZIP_JUNK)


package_secret = reported(
    RuleId.PACKAGE_SECRET,
    E,
    """A file that would be packaged holds a secret: an env file (`.env`, `.env.local`, `.envrc`), a
    private key (`id_rsa`, `.p12`, a PEM `PRIVATE KEY` block with a key in it), a credentials file
    (`.netrc`), or a live-looking token (AWS `AKIA...`, GitHub `ghp_`/`github_pat_`, Anthropic
    `sk-ant-`, OpenAI `sk-`/`sk-proj-`, Slack `xox[baprs]-`).

    A skill zip is shared and uploaded; whatever it carries is disclosed. Documentation that only shows
    a format is not reported: placeholders (`sk-ant-...`, `ghp_xxxx`, `your-key-here`, `<token>`),
    truncated, low-entropy and sequential values, env templates (`.env.example`, `.env.sample`)
    without a live token, and private keys inside fenced code blocks of markdown files (format
    examples, as `secret-token` says). Remove the file (and rotate the key), exclude it in `.skillkitignore`, allow a
    file with `--allow-secret PATTERN`, or mark a fixture line with `skillkit: allow-secret`.
    """,
)


@rule(RuleId.PACKAGE_SYMLINK, E, needs="file")
def package_symlink(ctx: Context) -> Iterator[Finding]:
    """A symbolic link in the skill folder that cannot be packaged: it points outside the skill folder,
    dangles (its target is missing, or it loops), or points to a folder.

    A link to a file inside the skill is stored as that file's content. A link that leaves the skill
    would package a file from elsewhere on the machine (one packager shipped such a file); copy the
    file into the skill instead.

    For a skill folder, `validate --target claude-ai` (or `api`) reports it too, since `build-zip` would
    refuse the folder for it: validate predicts the build.
    """
    yield from predicted(ctx, RuleId.PACKAGE_SYMLINK)


@rule(RuleId.PACKAGE_FILE, E, needs="file")
def package_file(ctx: Context) -> Iterator[Finding]:
    """A file in the skill folder cannot be packaged: it is a FIFO, socket or device, it cannot be read,
    or its name cannot be stored (not valid UTF-8, or two names that differ only in Unicode
    normalisation).

    For a skill folder, `validate --target claude-ai` (or `api`) reports it too, since `build-zip` would
    refuse the folder for it: validate predicts the build.
    """
    yield from predicted(ctx, RuleId.PACKAGE_FILE)


package_write = reported(
    RuleId.PACKAGE_WRITE,
    E,
    """The zip could not be written, or the written file did not read back identically and valid.

    Nothing is left behind: the zip is written to a temporary file in the output folder, checked, and
    only then renamed over the old one, so a failed build never clobbers an existing good zip. Two
    skills with the same name in one run would write the same zip; the second is refused.
    """,
)

package_stale = reported(
    RuleId.PACKAGE_STALE,
    E,
    """`skillkit build-zip --check`: the zip in the output folder is missing or differs from what the
    source builds now. Rebuild it with `skillkit build-zip` and commit it.

    When only the compressed bytes differ (same names, contents and metadata), the two builds used
    different zlib libraries; the message says so.
    """,
)
