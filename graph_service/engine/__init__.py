"""The joint sanction engine: reach in Cypher, control checks in networkx, rules in Python."""
