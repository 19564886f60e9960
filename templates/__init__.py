"""The shipped .docx templates, installed inside the package as ``generator.templates``.

This file only makes the folder importable, so that ``cchc-docs`` finds the
templates when a workspace has none of its own (setup.cfg maps the folder).
"""
