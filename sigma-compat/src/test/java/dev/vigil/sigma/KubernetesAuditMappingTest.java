package dev.vigil.sigma;

import static dev.vigil.sigma.SigmaTestSupport.event;
import static dev.vigil.sigma.SigmaTestSupport.map;
import static dev.vigil.sigma.SigmaTestSupport.only;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.rule.Rule;
import org.junit.jupiter.api.Test;

/** docs/MAPPING.md: Kubernetes audit rules select the API server's audit.k8s.io Events, under their own names. */
class KubernetesAuditMappingTest {

    @Test
    void kubernetesAuditRule_matchesAuditEvent_notOtherJson() {
        Rule r = only(SigmaLoader.builder().build(), """
                title: Secret read
                logsource:
                    product: kubernetes
                    category: application
                    service: audit
                detection:
                    selection:
                        verb: get
                        objectRef.resource: secrets
                    condition: selection
                """);
        assertThat(r.matches(event("kind", "Event", "apiVersion", "audit.k8s.io/v1", "verb", "get",
                "objectRef", map("resource", "secrets", "namespace", "kube-system")))).isTrue();
        assertThat(r.matches(event("kind", "Event", "apiVersion", "audit.k8s.io/v1", "verb", "list",
                "objectRef", map("resource", "secrets")))).isFalse();
        assertThat(r.matches(event("verb", "get", "objectRef", map("resource", "secrets"))))
                .as("not an audit event").isFalse();
    }
}
