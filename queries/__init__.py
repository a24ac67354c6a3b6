"""The named SPARQL query library (package data)."""
