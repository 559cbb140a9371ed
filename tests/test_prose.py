"""Record text: the Markdown subset (kb/prose.py), what kb validate refuses, and what the renderer
writes whether or not validation ran."""
from __future__ import annotations

import html as html_module
import json
from html.parser import HTMLParser

import markdown
import pytest

from conftest import ROOT, mkdocs_config
from kb import prose
from kb.render.markdown import external_link, inline, page_title, prose as render_prose, text

# Every way we know to turn record text into script, markup or a hostile link.
ATTACKS = [
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '<svg onload=alert(1)>',
    '<a href="javascript:alert(1)">x</a>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<details open ontoggle=alert(1)>',
    '<div markdown="1">*x*</div>',
    '<!-- --><script>alert(1)</script>',
    '[x](javascript:alert(1))',
    '[x](JaVaScRiPt:alert(1))',
    '[x](  javascript:alert(1))',
    '[x](data:text/html,<script>alert(1)</script>)',
    '[x](vbscript:msgbox(1))',
    '[x](//evil.example/)',
    '[x](https://trusted.example@evil.example/)',
    '[x](https://example.org "title")',
    '![x](https://tracker.example/pixel.gif)',
    '[x][ref]',
    '[ref]: javascript:alert(1)',
    '<https://example.org>',
    '*x*{: onclick=alert(1) }',
    '{#id .class onmouseover=alert(1)}',
    '&lt;script&gt;alert(1)&lt;/script&gt;',
    '&#106;avascript:alert(1)',
    'text \u202e reversed',
    'zero\u200bwidth',
    'bell\x07',
]

ALLOWED = [
    "Plain text with numbers: RR 0.99 (0.89 to 1.11), p < 0.05, p<0.001, 5% vs 3%.",
    "Brackets as text: [95% CI 0.8 to 1.3] (5 trials).",
    "*emphasis*, _emphasis_, **strong** and __strong__",
    "A [link](https://www.hfea.gov.uk/treatments/treatment-add-ons/) and [another](http://example.org/a_b?x=1&y=2#top).",
    "Snake_case_words and 2*3 stay text.",
    "A list:\n\n- one\n- two\n\n1. first\n2. second",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_validate_refuses_every_known_attack(attack):
    assert prose.issues(f"Before\n{attack}\nafter."), attack


@pytest.mark.parametrize("allowed", ALLOWED)
def test_ordinary_text_and_the_subset_pass(allowed):
    assert prose.issues(allowed) == []


def test_an_issue_says_what_and_where():
    [issue] = prose.issues("See [the page](javascript:alert(1)) now.")
    assert issue.offset == len("See [the page](")
    assert "javascript:alert(1)" in issue.message and "http" in issue.hint


def test_a_hostile_text_yields_a_bounded_number_of_issues():
    assert len(prose.issues("<b>" * 100_000)) == prose.MAX_ISSUES


# ---- rendering: safe by construction --------------------------------------------------

def to_html(markdown_text: str) -> str:
    """What the site engine does with our Markdown, with the extensions mkdocs.yml enables."""
    names, configs = [], {}
    for entry in mkdocs_config()["markdown_extensions"]:
        name, config = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        names.append(name)
        configs[name] = config or {}
    return markdown.markdown(markdown_text, extensions=names, extension_configs=configs)


class Markup(HTMLParser):
    """The elements and attributes in a piece of HTML: text does not count."""

    def __init__(self, html: str):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


@pytest.mark.parametrize("attack", ATTACKS)
@pytest.mark.parametrize("render", [render_prose, inline, text], ids=["prose", "inline", "text"])
def test_the_renderer_never_lets_markup_through_even_unvalidated(attack, render):
    html = to_html(render(f"Before\n{attack}\nafter."))
    for tag, attributes in Markup(html).elements:
        assert tag in ("p", "em", "strong", "a", "ul", "ol", "li"), (attack, html)
        assert set(attributes) <= {"href", "rel"}, (attack, html)
        if tag == "a":
            assert attributes["href"].startswith(("https://", "http://")), html
            assert attributes["rel"] == "noopener noreferrer"


def test_attacks_are_shown_as_the_text_they_are():
    shown = html_module.unescape(to_html(render_prose("Before <script>alert(1)</script> {: onclick=x } [x](javascript:y) after.")))
    assert "Before <script>alert(1)</script> {: onclick=x } [x](javascript:y) after." in shown


def test_the_subset_renders_to_emphasis_links_and_lists():
    html = to_html(render_prose("*a* and **b** and [c](https://example.org/x_y)\n- one\n- two\n\nThen:\n1. first"))
    assert "<em>a</em>" in html and "<strong>b</strong>" in html
    assert '<a href="https://example.org/x_y" rel="noopener noreferrer">c</a>' in html
    assert "<ul>\n<li>one</li>\n<li>two</li>\n</ul>" in html and "<ol>\n<li>first</li>\n</ol>" in html


def test_text_at_the_start_of_a_line_cannot_start_a_block():
    for start in ("# Heading", "> quote", "!!! danger", "| a | b |", "    code", "```", "---", "***", "==="):
        html = to_html(render_prose(start))
        assert html.startswith("<p>"), (start, html)


def test_record_text_cannot_close_the_view_it_is_shown_in():
    from kb.render.record_page import _views
    html = to_html(_views(render_prose("///\n\nStill the patient view."), "Clinician view."))
    patient_view = html.split('<div class="tabbed-block">')[1]
    assert "Still the patient view." in patient_view.split("</div>")[0]


def test_external_links_go_only_to_http_and_never_pass_the_referrer():
    assert external_link("x", "https://doi.org/10.1016/S0140-6736(23)00693-1") == \
        '<a href="https://doi.org/10.1016/S0140-6736%2823%2900693-1" rel="noopener noreferrer">x</a>'
    for hostile in ("javascript:alert(1)", "data:text/html,x", "//evil.example", 'https://x.example/"onmouseover="x'):
        for tag, attributes in Markup(external_link("x", hostile)).elements:
            assert set(attributes) == {"href", "rel"} and attributes["href"].startswith("https://")


def test_titles_for_the_theme_are_escaped_because_it_prints_them_raw():
    assert page_title("</title><script>alert(1)</script>") == "&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;"


def test_markdown_placeholders_cannot_smuggle_stashed_html():
    # Python-Markdown marks stashed raw HTML with \x02 ... \x03; record text must not be able to forge one.
    assert "\x02" not in text("\x02wzxhzdk:0\x03") and "\x03" not in render_prose("\x02klzzwxh:0\x03")


def test_prose_fields_document_the_subset_in_the_schema():
    schema = json.loads((ROOT / "schema" / "record.schema.json").read_text(encoding="utf-8"))
    subset = schema["$defs"]["prose"]["description"]
    for construct in ("*emphasis*", "**strong**", "[link text](https://", "'- '", "| style", "kb/prose.py"):
        assert construct in subset
    as_text = json.dumps(schema)
    assert as_text.count('"$ref": "#/$defs/prose"') >= 12
