"""The indexer: people → documents, embeddings and production signals → the vector index."""
