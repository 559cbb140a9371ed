"""kb: load, check, render and build the fertility immunotherapy evidence knowledge base.

The pipeline, in the order it runs:
    corpus.load_corpus   read evidence/*.yaml and evidence/references.bib
    checks.check_corpus  JSON Schema, then the cross-checks in rules.py
    render.render_site   write Markdown pages for every record
    site.build_site      run the site engine (MkDocs) and swap the new site/ in
"""
