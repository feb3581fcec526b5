"""The service's exchange formats: its lists and neighbourhoods as BODS statements and
FollowTheMoney entities (importers of these formats live in `loaders/`)."""
