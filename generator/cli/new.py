"""`new`: writes a municipality's own site repository, which holds its data and no generator code.

The folder gets the skeleton `init` writes (promises.yaml, content/), a README for the editors,
thin workflows that call this generator's reusable workflows at the installed version's tag, a
CODEOWNERS to fill in, Dependabot's settings, and requirements.txt: the generator's version,
pinned and hash-checked. The libraries the generator was tested with come with it (its
requirements.lock, hash-checked too), so an upgrade changes one line and the workflows' tag.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .. import __version__
from . import init as skeleton

REPOSITORY = "medborgarloften/medborgarloften"  # the generator's home on GitHub, owner/name
TEMPLATE = Path(__file__).resolve().parent / "site-template"
# Template folders are stored without their leading dot (so that packaging keeps them).
_DOTTED = {"github": ".github", "gitignore": ".gitignore"}


@dataclass(frozen=True)
class SiteRepository:
    files: dict[str, str]  # path relative to the folder → text
    hashed: bool  # whether requirements.txt carries the installed generator's hash


def default_folder(name: str) -> str:
    """ "Öckerö" → ockero-medborgarloften."""
    return f"{skeleton.name_id(name)}-medborgarloften"


def make_site_repository(name: str, today: dt.date, official_name: str | None = None) -> SiteRepository:
    """The repository's files; the official name as init takes it (skeleton.official_name)."""
    kommun = skeleton.official_name(name, official_name)
    files = dict(skeleton.make_skeleton(name, today, kommun).files)
    # Editors' tools find the format's schema at this version's tag (the site has no schema/).
    files["promises.yaml"] = files["promises.yaml"].replace(
        "$schema=schema/promises.schema.json",
        f"$schema=https://raw.githubusercontent.com/{REPOSITORY}/v{__version__}/schema/promises.schema.json", 1)
    words = {"@NAME@": name, "@KOMMUN@": kommun, "@VERSION@": __version__, "@REPOSITORY@": REPOSITORY}
    for path in sorted(TEMPLATE.rglob("*")):
        if path.is_file():
            relative = path.relative_to(TEMPLATE).as_posix()
            first, _, rest = relative.partition("/")
            target = _DOTTED.get(first, first) + (f"/{rest}" if rest else "")
            text = path.read_text(encoding="utf-8")
            for placeholder, value in words.items():
                text = text.replace(placeholder, value)
            files[target] = text
    requirements, hashed = pinned_requirements()
    files["requirements.txt"] = requirements
    return SiteRepository(files, hashed)


def pinned_requirements() -> tuple[str, bool]:
    """requirements.txt: this version of the generator, with the hash of the file it was installed
    from when pip recorded one (an install from a wheel file or address, as from a release)."""
    digest = _installed_hash()
    lines = ["# Versionen av generatorn som bygger webbplatsen, med kontrollsumma. Dependabot föreslår en",
             "# ny version som en pull request. Biblioteken den testades med följer med den (dess",
             "# requirements.lock), så bara den här raden ändras.",
             f"medborgarloften=={__version__}" + (f" \\\n    --hash=sha256:{digest}" if digest else "")]
    return "\n".join(lines) + "\n", digest is not None


def _installed_hash() -> str | None:
    try:
        recorded = metadata.distribution("medborgarloften").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        return None
    if not recorded:
        return None
    try:
        hashes = json.loads(recorded).get("archive_info", {}).get("hashes", {})
    except (ValueError, AttributeError):
        return None
    digest = hashes.get("sha256") if isinstance(hashes, dict) else None
    return digest if isinstance(digest, str) else None


def write_site_repository(folder: Path, site: SiteRepository) -> None:
    for relative, text in site.files.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
