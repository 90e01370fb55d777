package dev.paasport.${{ values.javaPackage }};

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;

@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ApplicationTest {
  @Autowired TestRestTemplate http;

  @Test
  void probesAreUp() {
    assertThat(http.getForEntity("/actuator/health/liveness", String.class).getStatusCode().value()).isEqualTo(200);
    assertThat(http.getForEntity("/actuator/health/readiness", String.class).getStatusCode().value()).isEqualTo(200);
  }

  @Test
  void countsRequestsInPrometheusFormat() {
    http.getForEntity("/", String.class);
    String metrics = http.getForObject("/actuator/prometheus", String.class);
    assertThat(metrics).contains("http_server_requests_seconds_count{").contains("uri=\"/\"");
    assertThat(metrics).contains("jvm_memory_used_bytes");
  }
}
