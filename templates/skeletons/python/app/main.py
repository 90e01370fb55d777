"""${{ values.name }}: an HTTP service with health endpoints and Prometheus metrics."""

import time

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    PlatformCollector,
    ProcessCollector,
    generate_latest,
)


def create_app() -> FastAPI:
    """The application with its own metrics registry (tests get a fresh one)."""
    registry = CollectorRegistry()
    ProcessCollector(registry=registry)
    PlatformCollector(registry=registry)
    requests = Counter(
        "http_requests_total",
        "HTTP requests by method, route and status",
        ["method", "route", "status"],
        registry=registry,
    )
    duration = Histogram(
        "http_request_duration_seconds",
        "HTTP request latency by method and route",
        ["method", "route"],
        buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5),
        registry=registry,
    )

    app = FastAPI(title="${{ values.name }}")
    app.state.ready = True

    @app.middleware("http")
    async def instrument(request: Request, call_next):
        started = time.perf_counter()
        response = await call_next(request)
        # The route template, not the raw path: one series per endpoint.
        route = getattr(request.scope.get("route"), "path", "unmatched")
        if route != "/metrics":
            requests.labels(request.method, route, str(response.status_code)).inc()
            duration.labels(request.method, route).observe(
                time.perf_counter() - started
            )
        return response

    @app.get("/")
    def hello():
        return {"service": "${{ values.name }}", "message": "Hello from ${{ values.name }}"}

    # Liveness: the process serves requests. Readiness: it should get traffic.
    @app.get("/healthz/live")
    def live():
        return {"status": "ok"}

    @app.get("/healthz/ready")
    def ready():
        if not app.state.ready:
            return JSONResponse({"status": "stopping"}, status_code=503)
        return {"status": "ok"}

    @app.on_event("shutdown")
    def stopping():
        app.state.ready = False

    @app.get("/metrics")
    def metrics():
        return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)

    return app


app = create_app()
