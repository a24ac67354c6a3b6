"""The povkg ontology, shapes, reference catalogues and gazetteer (package data)."""
