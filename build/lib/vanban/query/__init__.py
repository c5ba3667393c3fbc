"""Questions over a store: who is responsible, lineage, the graph and its tables."""
