"""The handbook: plain Markdown pages and SVG assets generated from the processes folder.

Nothing here depends on MkDocs; `plugin.py` is the thin adapter that feeds these pages
to an MkDocs build.
"""
