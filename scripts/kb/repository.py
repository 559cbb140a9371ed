"""Links into the project's GitHub repository, all derived from `repo_url` in mkdocs.yml, so a
fork changes one line. Without a repo_url the site simply shows no such links. Also the site's
own address (`site_url`), where it is known, for the citations of its pages (csl.py)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

import yaml

BRANCH = "main"
REPORT_ERROR_FORM = "report-an-error.yml"  # .github/ISSUE_TEMPLATE/


@dataclass(frozen=True)
class Repository:
    url: str = ""
    site: str = ""  # the published site's address; empty when mkdocs.yml leaves site_url empty

    def history(self, path: str) -> str:
        return f"{self.url}/commits/{BRANCH}/{path}"

    def edit(self, path: str) -> str:
        return f"{self.url}/edit/{BRANCH}/{path}"

    def report_error(self, record_id: str, name: str) -> str:
        # Issue forms take a field's value from the query string (the field with id `record`).
        query = urlencode({"template": REPORT_ERROR_FORM, "title": f"Error in {name}", "record": record_id}, quote_via=quote)
        return f"{self.url}/issues/new?{query}"


def repository(root: Path) -> Repository:
    try:
        from mkdocs.utils.yaml import yaml_load  # understands mkdocs.yml's !ENV tags
        config = yaml_load((root / "mkdocs.yml").read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return Repository()  # the site build reports a broken mkdocs.yml itself
    if not isinstance(config, dict):
        return Repository()
    return Repository(*(_address(config.get(name)) for name in ("repo_url", "site_url")))


def _address(url) -> str:
    return url.rstrip("/") if isinstance(url, str) and url.startswith("https://") else ""
