"""The work behind the routes: each module takes the store and plain arguments, never a
request, and answers the domain's response models (issue 16: thin routers)."""
