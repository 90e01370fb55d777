import unittest

from fastapi.testclient import TestClient

from app.main import create_app


class ServiceTest(unittest.TestCase):
    def setUp(self):
        self.app = create_app()
        self.client = TestClient(self.app)

    def test_hello(self):
        response = self.client.get("/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["service"], "${{ values.name }}")

    def test_health(self):
        self.assertEqual(self.client.get("/healthz/live").json(), {"status": "ok"})
        self.assertEqual(self.client.get("/healthz/ready").status_code, 200)
        self.app.state.ready = False
        self.assertEqual(self.client.get("/healthz/ready").status_code, 503)

    def test_metrics_count_requests_by_route(self):
        self.client.get("/")
        self.client.get("/")
        body = self.client.get("/metrics").text
        self.assertIn(
            'http_requests_total{method="GET",route="/",status="200"} 2.0', body
        )
        self.assertIn("http_request_duration_seconds_bucket", body)
        self.assertIn("process_", body)


if __name__ == "__main__":
    unittest.main()
