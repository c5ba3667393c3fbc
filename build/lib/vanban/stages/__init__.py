"""The stages a Document goes through after ingestion and normalisation, each `run(doc) -> doc`."""
