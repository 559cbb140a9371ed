"""Each record page shows when it was last reviewed and links to its history, an edit and an
error report, all derived from `repo_url` in mkdocs.yml."""
from __future__ import annotations

import yaml

from conftest import FIXTURES, ROOT, mkdocs_config
from kb.corpus import load_corpus
from kb.render.record_page import render_record
from kb.repository import REPORT_ERROR_FORM, Repository, repository

VALID = FIXTURES / "valid" / "two-records" / "evidence"
FORK = "https://github.com/someone/fork"


def alpha_page(root, repo):
    corpus = load_corpus(root)
    record = next(r for r in corpus.records if r.id == "alpha-infusion")
    return render_record(record, corpus.references, repo)


def test_the_review_section_shows_last_reviewed_and_links_into_the_repository(project):
    page = alpha_page(project(VALID), Repository(FORK))
    assert "**Last reviewed:** 2024-01-05" in page
    # Links out of the site, as every one is written: rel="noopener noreferrer", http(s) only.
    assert (f'<a href="{FORK}/commits/main/evidence/alpha-infusion.yaml" rel="noopener noreferrer">'
            "History of this record</a>") in page
    assert (f'<a href="{FORK}/edit/main/evidence/alpha-infusion.yaml" rel="noopener noreferrer">'
            "Suggest an edit</a>") in page
    assert (f'<a href="{FORK}/issues/new?template={REPORT_ERROR_FORM}'
            '&amp;title=Error%20in%20Alpha%20infusion&amp;record=alpha-infusion" rel="noopener noreferrer">'
            "Report an error</a>") in page


def test_without_a_repository_there_are_no_links(project):
    page = alpha_page(project(VALID), Repository())
    assert "**Last reviewed:** 2024-01-05" in page
    assert "History of this record" not in page


def test_a_fork_changes_one_line_of_mkdocs_yml(project, kb):
    root = project(VALID)
    config = root / "mkdocs.yml"
    ours = mkdocs_config()["repo_url"]
    config.write_text(config.read_text(encoding="utf-8").replace(ours, FORK), encoding="utf-8")
    assert repository(root) == Repository(FORK)
    assert kb("build", root=root)[0] == 0
    html = (root / "site" / "treatments" / "alpha-infusion" / "index.html").read_text(encoding="utf-8")
    assert f'href="{FORK}/commits/main/evidence/alpha-infusion.yaml"' in html
    assert ours not in html


def test_the_report_form_takes_the_record_from_the_link():
    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / REPORT_ERROR_FORM).read_text(encoding="utf-8"))
    assert any(item.get("id") == "record" for item in form["body"])
