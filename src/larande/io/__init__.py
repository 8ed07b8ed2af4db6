"""The edges where larande meets other systems: JSON, and later the standards formats.

Domain modules never import from here; these modules import the domain.
"""
