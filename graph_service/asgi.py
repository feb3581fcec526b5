"""The ASGI entry point: `uvicorn graph_service.asgi:app`."""

from graph_service.main import create_app

app = create_app()
