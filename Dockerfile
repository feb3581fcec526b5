# The API image for docker-compose.yml; Neo4j runs in its own official container.
FROM python:3.11-slim
WORKDIR /app
COPY pyproject.toml README.md ./
COPY graph_service ./graph_service
COPY loaders ./loaders

RUN pip install --no-cache-dir .
USER nobody
EXPOSE 8000
CMD ["uvicorn", "graph_service.asgi:app", "--host", "0.0.0.0", "--port", "8000", "--no-access-log"]
