"""Renderers: the interactive HTML map, static maps for print, and the animated GIF."""
