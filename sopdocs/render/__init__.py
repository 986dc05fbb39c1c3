"""Renderers: pure functions from the model to DOT, SVG and other diagram text."""
