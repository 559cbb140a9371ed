"""Render: Markdown pages and data files from the corpus. The site's pages are drawn by
pages.py (render_site, render_pages, navigation); the other modules draw one kind of page or
write one kind of text each. Kept empty so that importing one of them stays cheap."""
