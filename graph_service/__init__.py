"""credit-graph: joint reward and sanction analysis over a Neo4j credit graph."""
