package dev.vigil.sigma.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.core.event.Event;
import dev.vigil.core.rule.LogSource;
import dev.vigil.core.rule.Rule;
import dev.vigil.sigma.LoadResult;
import dev.vigil.sigma.LogsourceMapping;
import dev.vigil.sigma.MappingCoverage;
import dev.vigil.sigma.SigmaLoader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, field mapping completeness, docs/MAPPING.md "What the default mapping covers": real SigmaHQ rules
 * ({@code ../shared/sigma/rules}) fire, with the bundled mapping, on events written here in the shape the real
 * log writes (the source of each format fact is named next to the event), and not on an event of another log
 * that carries the same values.
 */
class BundledMappingSigmaHqTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Rule rule(String path) {
        LoadResult r = SigmaLoader.builder().build().load(List.of(SharedData.require("sigma/rules/" + path)));
        assertThat(r.errors()).isEmpty();
        return r.rules().get(0);
    }

    @SuppressWarnings("unchecked")
    private static Event event(String json) {
        try {
            return Event.of(JSON.readValue(json, Map.class));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** {@code rule} fires on {@code template} filled with {@code fires}, not filled with {@code other}. */
    private static void firesOnlyOn(Rule rule, String template, Object fires, Object other, String... why) {
        assertThat(rule.matches(event(template.formatted(fires)))).as("%s %s", fires, String.join(" ", why)).isTrue();
        assertThat(rule.matches(event(template.formatted(other)))).as("%s %s", other, String.join(" ", why)).isFalse();
    }

    @Test
    void everyLogsourceOfSigmaHq_resolvesToABundledEntry() {
        LoadResult r = SigmaLoader.builder().build().load(List.of(SharedData.require("sigma/rules")));
        assertThat(r.rules()).hasSize(3072);
        List<MappingCoverage.Source> sources = MappingCoverage.of(r.rules(), LogsourceMapping.defaults());
        assertThat(sources).hasSizeGreaterThanOrEqualTo(126);
        assertThat(sources).filteredOn(s -> s.entries().isEmpty()).extracting(MappingCoverage.Source::logSource)
                .isEmpty();
    }

    @Test
    void cloud_cloudTrailGcpAzureM365_recordsInTheirOwnShape() {
        // AWS CloudTrail User Guide, "CloudTrail record contents": one element of the Records array.
        Rule trail = rule("cloud/aws/cloudtrail/aws_cloudtrail_disable_logging.yml");
        assertThat(trail.matches(event("""
                {"eventVersion": "1.09", "eventTime": "2026-03-02T10:11:12Z",
                 "eventSource": "cloudtrail.amazonaws.com", "eventName": "StopLogging", "awsRegion": "eu-west-1",
                 "sourceIPAddress": "203.0.113.7", "userAgent": "aws-cli/2.15.0",
                 "userIdentity": {"type": "IAMUser", "arn": "arn:aws:iam::111122223333:user/ops", "accountId": "111122223333"},
                 "requestParameters": {"name": "org-trail"}, "responseElements": null,
                 "eventType": "AwsApiCall", "recipientAccountId": "111122223333"}
                """))).isTrue();
        assertThat(trail.matches(event("""
                {"eventSource": "cloudtrail.amazonaws.com", "eventName": "StopLogging", "Channel": "Security"}
                """))).as("no CloudTrail record: no eventVersion").isFalse();

        // Cloud Audit Logs, "Audit log entry structure": a LogEntry with protoPayload of type AuditLog; the
        // rule writes the fields under a `data` wrapper, the LogEntry has them at its top; granted is a boolean.
        Rule gcp = rule("cloud/gcp/audit/gcp_access_policy_deleted.yml");
        String logEntry = """
                {"insertId": "1x2y3z", "logName": "organizations/123/logs/cloudaudit.googleapis.com%%2Factivity",
                 "resource": {"type": "audited_resource", "labels": {"service": "accesscontextmanager.googleapis.com"}},
                 "severity": "NOTICE", "timestamp": "2026-03-02T10:11:12Z",
                 "protoPayload": {"@type": "type.googleapis.com/google.cloud.audit.AuditLog",
                   "serviceName": "accesscontextmanager.googleapis.com",
                   "methodName": "google.identity.accesscontextmanager.v1.AccessContextManager.DeleteAccessPolicy",
                   "resourceName": "accessPolicies/42",
                   "authenticationInfo": {"principalEmail": "admin@example.com"},
                   "authorizationInfo": [{"resource": "accessPolicies/42",
                     "permission": "accesscontextmanager.accessPolicies.delete", "granted": %s}]}}
                """;
        firesOnlyOn(gcp, logEntry, "true", "false", "permission not granted");

        // Entra ID sign-in logs through diagnostic settings (Event Hub / storage): top-level category
        // SignInLogs (the log's own field, not a Sigma category), details under properties.
        Rule mfa = rule("cloud/azure/signin_logs/azure_mfa_denies.yml");
        String signIn = """
                {"time": "2026-03-02T10:11:12Z", "resourceId": "/tenants/t1/providers/Microsoft.aadiam",
                 "operationName": "Sign-in activity", "category": "%s", "resultType": "500121",
                 "resultDescription": "Authentication failed during strong authentication request.",
                 "callerIpAddress": "198.51.100.4",
                 "properties": {"userPrincipalName": "ann@example.com", "appDisplayName": "Office 365",
                   "authenticationRequirement": "multiFactorAuthentication", "clientAppUsed": "Browser",
                   "status": {"errorCode": 500121, "failureReason": "Authentication failed during strong authentication request.",
                     "additionalDetails": "MFA denied; user declined the authentication"}}}
                """;
        firesOnlyOn(mfa, signIn, "SignInLogs", "AuditLogs", "an audit log record");

        // Office 365 Management Activity API, "Security and Compliance alerts schema" (RecordType 40).
        Rule ransomware = rule("cloud/m365/threat_management/microsoft365_potential_ransomware_activity.yml");
        String alert = """
                {"CreationTime": "2026-03-02T10:11:12", "Id": "5d3c...", "Operation": "AlertTriggered",
                 "OrganizationId": "o1", "RecordType": %d, "ResultStatus": "Succeeded", "UserKey": "SecurityComplianceAlerts",
                 "UserType": 4, "Workload": "SecurityComplianceCenter", "ObjectId": "a1", "UserId": "SecurityComplianceAlerts",
                 "AlertId": "a1", "AlertType": "System", "Name": "Potential ransomware activity", "Severity": "High",
                 "Category": "ThreatManagement", "Source": "Office 365 Security & Compliance", "Status": "success"}
                """;
        firesOnlyOn(ransomware, alert, 40, 1, "an Exchange admin record");
    }

    @Test
    void identityProviders_oktaAndGithub_apiRecords() {
        // Okta System Log API, LogEvent object.
        Rule token = rule("identity/okta/okta_api_token_created.yml");
        assertThat(token.matches(event("""
                {"uuid": "f1e2d3", "published": "2026-03-02T10:11:12.000Z", "eventType": "system.api_token.create",
                 "version": "0", "severity": "INFO", "displayMessage": "Create API token",
                 "actor": {"id": "00u1", "type": "User", "alternateId": "ann@example.com", "displayName": "Ann"},
                 "outcome": {"result": "SUCCESS"}, "target": [{"type": "Token", "displayName": "ci"}],
                 "securityContext": {"isProxy": false}}
                """))).isTrue();
        assertThat(token.matches(event("""
                {"eventType": "system.api_token.create", "Channel": "Application", "EventID": 1}
                """))).as("not an Okta LogEvent").isFalse();

        // GitHub audit log streaming / REST API: @timestamp, _document_id, action, actor, org.
        Rule github = rule("application/github/audit/github_disable_high_risk_configuration.yml");
        String record = """
                {"@timestamp": 1772446272000, "_document_id": "Xy1-abc", "action": "%s", "actor": "ann",
                 "org": "acme", "repo": "acme/api", "created_at": 1772446272000}
                """;
        firesOnlyOn(github, record, "org.disable_two_factor_requirement", "repo.create");
    }

    @Test
    void zeek_jsonLogs_byPath_andKerberosServiceIsData() {
        // Zeek JSON logs with _path (json-streaming-logs); kerberos.log fields request_type, cipher, service.
        Rule rc4 = rule("network/zeek/zeek_susp_kerberos_rc4.yml");
        String kerberos = """
                {"_path": "%s", "ts": 1772446272.12, "uid": "CHhAvVGS1DHFjwGM9", "id.orig_h": "10.0.0.5",
                 "id.orig_p": 49152, "id.resp_h": "10.0.0.1", "id.resp_p": 88, "request_type": "TGS",
                 "client": "ann/CORP.LOCAL", "service": "MSSQLSvc/db01.corp.local:1433", "success": true,
                 "cipher": "rc4-hmac", "forwardable": true, "renewable": true}
                """;
        firesOnlyOn(rc4, kerberos, "kerberos", "conn", "`service` is the requested principal, not a Sigma service");

        Rule nkn = rule("network/zeek/zeek_dns_nkn.yml");
        String dns = """
                {"_path": "%s", "ts": 1772446272.12, "uid": "C1", "id.orig_h": "10.0.0.5", "id.orig_p": 5353,
                 "id.resp_h": "10.0.0.53", "id.resp_p": 53, "proto": "udp", "query": "seed3.nkn.org",
                 "qtype_name": "A", "rcode_name": "NOERROR", "answers": ["198.51.100.9"], "rejected": false}
                """;
        firesOnlyOn(nkn, dns, "dns", "http");
    }

    @Test
    void linux_auditRecordsAndJournald() {
        // audit.log EXECVE record (Linux Audit documentation, record format), as key=value pairs.
        Rule audio = rule("linux/auditd/lnx_auditd_audio_capture.yml");
        assertThat(audio.matches(event("""
                {"type": "EXECVE", "msg": "audit(1772446272.123:4711):", "argc": "3",
                 "a0": "arecord", "a1": "-vv", "a2": "-fdat"}
                """))).isTrue();
        assertThat(audio.matches(event("""
                {"_path": "x", "type": "EXECVE", "a0": "arecord", "a1": "-vv", "a2": "-fdat"}
                """))).as("no audit record").isFalse();

        // journalctl -o json (systemd.journal-fields): MESSAGE, SYSLOG_IDENTIFIER, ...
        Rule sshd = rule("linux/builtin/sshd/lnx_sshd_susp_ssh.yml");
        String journal = """
                {"__REALTIME_TIMESTAMP": "1772446272123456", "_HOSTNAME": "web1", "SYSLOG_IDENTIFIER": "%s",
                 "_COMM": "sshd", "_PID": "812", "PRIORITY": "3",
                 "MESSAGE": "error: Could not load host key: unknown or unsupported key type"}
                """;
        firesOnlyOn(sshd, journal, "sshd", "CRON");
    }

    @Test
    void macos_ecsAndEslogger_processStart() {
        // ECS process fields (Elastic Defend on macOS).
        Rule osascript = rule("macos/process_creation/proc_creation_macos_applescript.yml");
        String ecs = """
                {"@timestamp": "2026-03-02T10:11:12Z", "host": {"os": {"type": "%s"}, "name": "mbp"},
                 "event": {"category": ["process"], "type": ["start"], "action": "exec"},
                 "process": {"executable": "/usr/bin/osascript", "command_line": "osascript -e 'display dialog'",
                   "pid": 4242, "parent": {"executable": "/bin/zsh"}}}
                """;
        firesOnlyOn(osascript, ecs, "macos", "linux");

        // Endpoint Security NOTIFY_EXEC (event_type 9) as eslogger prints it: the arguments as a list.
        assertThat(osascript.matches(event("""
                {"event_type": 9, "version": 7, "process": {"executable": {"path": "/bin/zsh"}, "ppid": 1},
                 "event": {"exec": {"target": {"executable": {"path": "/usr/bin/osascript"}},
                   "args": ["osascript", "/tmp/x.scpt"]}}}
                """))).isTrue();
    }

    @Test
    void webAndProxy_w3cAndEcs() {
        // ECS HTTP/URL/user agent fields (Filebeat proxy modules); W3C extended log fields (IIS).
        Rule rclone = rule("web/proxy_generic/proxy_ua_rclone.yml");
        assertThat(rclone.matches(event("""
                {"url": {"original": "https://files.example.net/upload", "domain": "files.example.net"},
                 "http": {"request": {"method": "PUT"}, "response": {"status_code": 200}},
                 "user_agent": {"original": "rclone/v1.66.0"}, "destination": {"ip": "198.51.100.20"}}
                """))).isTrue();
        assertThat(rclone.matches(event("""
                {"user_agent": {"original": "rclone/v1.66.0"}, "EventID": 3}
                """))).as("no HTTP request").isFalse();

        Rule jndi = rule("web/webserver_generic/web_jndi_exploit.yml");
        String w3c = """
                {"date": "2026-03-02", "time": "10:11:12", "s-ip": "10.0.0.8", "cs-method": "GET",
                 "cs-uri-stem": "/Basic/Command/Base64/aWQ=", "cs-uri-query": "-", "s-port": 443,
                 "c-ip": "203.0.113.7", "cs-user-agent": "curl/8.0", "sc-status": %s}
                """;
        assertThat(jndi.matches(event(w3c.formatted("404")))).isTrue();
        assertThat(jndi.matches(event("""
                {"cs-uri-stem": "/Basic/Command/Base64/aWQ=", "EventID": 1}
                """))).as("not a web server record").isFalse();
    }

    @Test
    void networkDevices_syslogWithVendor_andFortigateKeyValues() {
        // ECS observer.vendor with the syslog line in message (Filebeat cisco module).
        Rule clear = rule("network/cisco/aaa/cisco_cli_clear_logs.yml");
        String line = """
                {"observer": {"vendor": "%s", "product": "IOS"}, "host": {"name": "edge-rtr1"},
                 "message": "%%PARSER-5-CFGLOG_LOGGEDCMD: User:admin logged command:clear logging"}
                """;
        firesOnlyOn(clear, line, "Cisco", "Juniper");

        // FortiOS Log Message Reference: event log, subtype system, configuration change fields.
        Rule admin = rule("network/fortinet/fortigate/fortinet_fortigate_new_admin_account_created.yml");
        String fortigate = """
                {"date": "2026-03-02", "time": "10:11:12", "devname": "FGT-HQ", "devid": "FG100FTK20000000",
                 "logid": "0100044547", "type": "%s", "subtype": "system", "level": "information", "vd": "root",
                 "logdesc": "Object attribute configured", "user": "admin", "ui": "GUI(10.0.0.9)",
                 "action": "Add", "cfgpath": "system.admin", "cfgobj": "backdoor", "msg": "Add system.admin backdoor"}
                """;
        firesOnlyOn(admin, fortigate, "event", "traffic");
    }

    @Test
    void applications_openCanaryJvmAndRpcFirewall() {
        // OpenCanary JSON events (logtype 2000: FTP login attempt).
        Rule ftp = rule("application/opencanary/opencanary_ftp_login_attempt.yml");
        String canary = """
                {"dst_host": "10.0.0.30", "dst_port": 21, "local_time": "2026-03-02 10:11:12.000000",
                 "logdata": {"USERNAME": "admin", "PASSWORD": "admin"}, "logtype": %d, "node_id": "canary-1",
                 "src_host": "203.0.113.7", "src_port": 51234, "utc_time": "2026-03-02 10:11:12.000000"}
                """;
        firesOnlyOn(ftp, canary, 2000, 4002);

        // The documented convention for application logs: message + ECS service.type.
        Rule jndi = rule("application/jvm/java_jndi_injection_exploitation_attempt.yml");
        String app = """
                {"@timestamp": "2026-03-02T10:11:12Z", "service": {"type": "%s", "name": "billing"},
                 "message": "javax.naming.CommunicationException [Root exception is java.net.ConnectException] at com.sun.jndi.ldap.Connection.<init>"}
                """;
        firesOnlyOn(jndi, app, "jvm", "python", "an ECS service object is not a Sigma service hint");

        // RPC Firewall writes to its own event log, RPCFW (EventID 3: RPC call audited).
        Rule atsvc = rule("application/rpc_firewall/rpc_firewall_atsvc_lateral_movement.yml");
        String rpc = """
                {"Event": {"System": {"Provider": {"#attributes": {"Name": "RPCFW"}}, "EventID": 3, "Channel": "%s",
                   "Computer": "dc01"},
                 "EventData": {"InterfaceUuid": "1ff70682-0a51-30e8-076d-740be8cee98b", "OpNum": 1,
                   "Protocol": "ncacn_np", "Endpoint": "\\\\PIPE\\\\atsvc", "SourceAddress": "10.0.0.5"}}}
                """;
        firesOnlyOn(atsvc, rpc, "RPCFW", "Application");
        assertThat(new LogSource("rpc_firewall", "application", null)).isEqualTo(atsvc.logSource());
    }
}
