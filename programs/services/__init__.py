"""Writes for calls, applications, reviews and decisions. Import from the submodules."""
