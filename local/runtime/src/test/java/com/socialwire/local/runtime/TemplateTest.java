package com.socialwire.local.runtime;

import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.Template;
import com.socialwire.shared.http.HttpFunction;
import com.socialwire.shared.http.Route;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Modifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** template.yaml's rules, checked so a new function or queue cannot quietly break them. */
class TemplateTest {

    static Template template;

    @BeforeAll
    static void load() {
        template = Template.load(Template.locate());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> props(String id) {
        return template.properties(id);
    }

    @Test
    void everyHandlerExistsAsAStreamHandlerWithANoArgConstructor() throws Exception {
        assertFalse(template.functions().isEmpty());
        for (Template.FunctionDef fn : template.functions()) {
            Class<?> c = Class.forName(fn.handlerClass());
            assertTrue(RequestStreamHandler.class.isAssignableFrom(c), fn.handler() + " is not a RequestStreamHandler");
            assertTrue(Modifier.isPublic(c.getConstructor().getModifiers()), fn.handler() + " needs a public no-arg constructor");
            assertEquals("handleRequest", fn.handlerMethod(), fn.logicalId());
        }
    }

    @Test
    void everyMakefileBuiltFunctionHasItsMakeTarget() throws Exception {
        String makefile = java.nio.file.Files.readString(Template.locate().getParent().resolve("Makefile"));
        template.resourcesOfType("AWS::Serverless::Function").forEach((id, r) -> {
            Map<String, Object> meta = (Map<String, Object>) r.getOrDefault("Metadata", Map.of());
            assertEquals("makefile", meta.get("BuildMethod"), id + " must build through the Makefile");
            assertTrue(makefile.contains("build-" + id + ":"), "Makefile lacks build-" + id + " for sam build");
        });
    }

    @Test
    void globalsFixRuntimeArchitectureAndTracing() {
        Map<String, Object> g = (Map<String, Object>) ((Map<String, Object>) template.raw().get("Globals")).get("Function");
        assertEquals("java21", g.get("Runtime"));
        assertEquals(List.of("arm64"), g.get("Architectures"));
        assertEquals("Active", g.get("Tracing"));
        assertNotNull(g.get("MemorySize"));
        assertNotNull(g.get("Timeout"));
    }

    /** S3 (like EventBridge and SNS) invokes asynchronously: after Lambda's retries an event needs somewhere to go, or it is orphaned. */
    @Test
    void everyS3TriggeredFunctionHasAnSqsOnFailureDestinationThatItsConsumerDrains() {
        for (Template.FunctionDef fn : template.functions()) {
            if (fn.events().stream().noneMatch(e -> e instanceof Template.S3Event)) {
                continue;
            }
            Map<String, Object> config = (Map<String, Object>) props(fn.logicalId()).get("EventInvokeConfig");
            assertNotNull(config, fn.logicalId() + " has no EventInvokeConfig");
            Map<String, Object> onFailure = (Map<String, Object>) ((Map<String, Object>) config.getOrDefault("DestinationConfig", Map.of()))
                    .get("OnFailure");
            assertNotNull(onFailure, fn.logicalId() + ": an event that fails every attempt is dropped (no DestinationConfig.OnFailure)");
            assertEquals("SQS", onFailure.get("Type"));
            List<String> queue = (List<String>) ((Map<String, Object>) onFailure.get("Destination")).get("Fn::GetAtt");
            assertTrue(template.functions().stream().flatMap(f -> f.events().stream())
                    .anyMatch(e -> e instanceof Template.SqsEvent q && q.queue().equals(queue.get(0))),
                    queue.get(0) + " is consumed by no function: failed uploads would wait there forever");
        }
    }

    @Test
    void everySqsEventReportsBatchItemFailures() {
        for (Template.FunctionDef fn : template.functions()) {
            for (Template.EventDef e : fn.events()) {
                if (e instanceof Template.SqsEvent s) {
                    assertTrue(s.reportsBatchItemFailures(), fn.logicalId() + "/" + s.name() + " lacks ReportBatchItemFailures");
                }
            }
        }
    }

    @Test
    void everyJobQueueHasADlqAfterFiveReceivesAndVisibilityAtLeastSixTimesItsConsumersTimeout() {
        Map<String, Map<String, Object>> queues = template.resourcesOfType("AWS::SQS::Queue");
        Set<String> dlqs = new HashSet<>();
        queues.keySet().forEach(id -> {
            Map<String, Object> redrive = (Map<String, Object>) props(id).get("RedrivePolicy");
            if (redrive != null) {
                Map<String, Object> target = (Map<String, Object>) redrive.get("deadLetterTargetArn");
                List<String> att = (List<String>) target.get("Fn::GetAtt");
                assertTrue(queues.containsKey(att.get(0)), id + " redrives to a queue that does not exist");
                assertEquals(com.socialwire.shared.jobs.SqsBatch.MAX_RECEIVES, ((Number) redrive.get("maxReceiveCount")).intValue(),
                        id + " maxReceiveCount (the workers end a job on its last receive)");
                dlqs.add(att.get(0));
            }
        });
        for (String job : List.of("CommentsQueue", "DmsQueue", "ContentQueue", "ReportsQueue")) {
            assertTrue(queues.containsKey(job), "missing job queue " + job);
        }
        Map<String, Object> globals = (Map<String, Object>) ((Map<String, Object>) template.raw().get("Globals")).get("Function");
        int globalTimeout = ((Number) globals.get("Timeout")).intValue();
        for (String id : queues.keySet()) {
            if (dlqs.contains(id)) {
                continue;
            }
            assertTrue(props(id).containsKey("RedrivePolicy"), id + " has no DLQ");
            int visibility = ((Number) props(id).getOrDefault("VisibilityTimeout", 30)).intValue();
            List<Integer> consumerTimeouts = new ArrayList<>();
            for (Template.FunctionDef fn : template.functions()) {
                for (Template.EventDef e : fn.events()) {
                    if (e instanceof Template.SqsEvent s && s.queue().equals(id)) {
                        consumerTimeouts.add(fn.timeoutSeconds());
                    }
                }
            }
            if (consumerTimeouts.isEmpty()) {
                consumerTimeouts.add(globalTimeout); // its worker comes later; it must fit the default
            }
            for (int t : consumerTimeouts) {
                assertTrue(visibility >= 6 * t, id + ": visibility " + visibility + " < 6 x timeout " + t);
            }
        }
    }

    @Test
    void theRegenerationSweepWaitsOutEveryReceiveOfARegenerationJob() {
        Map<String, Object> content = props("ContentQueue");
        int visibility = ((Number) content.get("VisibilityTimeout")).intValue();
        int receives = ((Number) ((Map<String, Object>) content.get("RedrivePolicy")).get("maxReceiveCount")).intValue();
        // every receive, the last one's whole visibility period, and one period more for a late first receive
        assertEquals(Duration.ofSeconds((long) visibility * (receives + 1)), com.socialwire.posts.regen.RegenerationSweep.DEADLINE,
                "RegenerationSweep.DEADLINE = ContentQueue VisibilityTimeout x (maxReceiveCount + 1)");
    }

    /**
     * Sequential provider calls one message of each worker makes at worst: LLM calls, Graph calls,
     * and whether it polls a video container. A new SQS worker must be added here.
     */
    static final Map<String, int[]> WORST_MESSAGE = Map.of(
            "CommentWorkerFunction", new int[]{1, 2, 0},   // reply; read-back of an unknown outcome + reply (or a hide)
            "DmWorkerFunction", new int[]{1, 1, 0},        // reply; send
            "ContentWorkerFunction", new int[]{0, 4, 1},   // publish: limit, container, status, media_publish (+ video poll); a regeneration is 1 LLM call
            "ReportWorkerFunction", new int[]{2, 10, 0},   // the narrative asked twice; a competitor pulse of 10 handles
            "MediaProcessorFunction", new int[]{0, 0, 0}); // an on-failure record: mark the item failed, delete its bytes (no provider call)

    /** The workers whose handlers run a batch's messages at once ({@code SqsBatch.inParallel()}): CommentWorkerHandler. */
    static final java.util.Set<String> PARALLEL_WORKERS = java.util.Set.of("CommentWorkerFunction");

    @Test
    void aWorkersBatchOfWorstCaseMessagesFitsItsTimeoutAndItsCreditHoldsOutliveTheRetry() {
        Map<String, Object> globals = (Map<String, Object>) ((Map<String, Object>) template.raw().get("Globals")).get("Function");
        Map<String, Object> globalEnv = (Map<String, Object>) ((Map<String, Object>) globals.get("Environment")).get("Variables");
        int workers = 0;
        for (Template.FunctionDef fn : template.functions()) {
            for (Template.EventDef e : fn.events()) {
                if (!(e instanceof Template.SqsEvent sqs)) {
                    continue;
                }
                workers++;
                String id = fn.logicalId();
                int[] worst = WORST_MESSAGE.get(id);
                assertNotNull(worst, id + ": say in WORST_MESSAGE what one of its messages calls at worst");
                Map<String, Object> env = new java.util.HashMap<>(globalEnv);
                env.putAll(fn.environment());
                long budget = millis(env, com.socialwire.shared.jobs.SqsBatch.BUDGET_VARIABLE, -1);
                assertTrue(budget > 0, id + " needs " + com.socialwire.shared.jobs.SqsBatch.BUDGET_VARIABLE);
                long llm = millis(env, "LLM_TIMEOUT_MS", com.socialwire.shared.providers.llm.LlmClients.DEFAULT_TIMEOUT_MS);
                long graph = millis(env, "GRAPH_API_TIMEOUT_MS", com.socialwire.shared.providers.instagram.GraphApis.DEFAULT_TIMEOUT_MS);
                long poll = millis(env, "VIDEO_POLL_BUDGET_SECONDS", 20) * 1000;
                long regeneration = "ContentWorkerFunction".equals(id) ? llm : 0;
                long oneMessage = Math.max(regeneration, worst[0] * llm + worst[1] * graph + worst[2] * poll);
                assertTrue(budget >= oneMessage, id + ": " + budget + " ms per message cannot cover its provider timeouts (" + oneMessage + " ms)");
                // a worker that starts its batch's messages at once (SqsBatch.inParallel()) needs one message's budget, others one each
                int inTurn = PARALLEL_WORKERS.contains(id) ? 1 : sqs.batchSize();
                assertTrue(fn.timeoutSeconds() * 1000L >= (long) inTurn * budget,
                        id + ": a batch of " + sqs.batchSize() + " (" + inTurn + " in turn) x " + budget + " ms does not fit its timeout of "
                                + fn.timeoutSeconds() + " s");
                int visibility = ((Number) props(sqs.queue()).getOrDefault("VisibilityTimeout", 30)).intValue();
                assertTrue(com.socialwire.shared.billing.Metering.HOLD_FOR.toSeconds() >= visibility + fn.timeoutSeconds(),
                        id + ": a credit hold (" + com.socialwire.shared.billing.Metering.HOLD_FOR + ") must outlive a retry after visibility "
                                + visibility + " s + timeout " + fn.timeoutSeconds() + " s");
            }
        }
        assertTrue(workers >= 3);
    }

    static long millis(Map<String, Object> env, String name, long fallback) {
        Object v = env.get(name);
        return v == null ? fallback : Long.parseLong(v.toString().trim());
    }

    @Test
    void everyFunctionHasAnExplicitLogGroupWithRetention() {
        Set<String> logged = new HashSet<>();
        template.resourcesOfType("AWS::Logs::LogGroup").forEach((id, r) -> {
            Map<String, Object> p = props(id);
            assertNotNull(p.get("RetentionInDays"), id + " keeps logs forever");
            Object name = p.get("LogGroupName");
            if (name instanceof Map<?, ?> m && m.get("Fn::Sub") instanceof String sub && sub.startsWith("/aws/lambda/${")) {
                logged.add(sub.substring("/aws/lambda/${".length(), sub.length() - 1));
            }
        });
        for (Template.FunctionDef fn : template.functions()) {
            assertTrue(logged.contains(fn.logicalId()), fn.logicalId() + " has no explicit log group");
        }
    }

    @Test
    void tableIsOnDemandWithPitrTtlAndGsis() {
        Map<String, Object> t = props("Table");
        assertEquals("PAY_PER_REQUEST", t.get("BillingMode"));
        assertEquals(Boolean.TRUE, ((Map<String, Object>) t.get("PointInTimeRecoverySpecification")).get("PointInTimeRecoveryEnabled"));
        assertEquals("expiresAt", ((Map<String, Object>) t.get("TimeToLiveSpecification")).get("AttributeName"));
        assertEquals(2, ((List<?>) t.get("GlobalSecondaryIndexes")).size());
    }

    @Test
    void mediaBucketIsPrivateWithCorsForPresignedPut() {
        Map<String, Object> b = props("MediaBucket");
        Map<String, Object> block = (Map<String, Object>) b.get("PublicAccessBlockConfiguration");
        for (String k : List.of("BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets")) {
            assertEquals(Boolean.TRUE, block.get(k), k);
        }
        List<Map<String, Object>> rules = (List<Map<String, Object>>) ((Map<String, Object>) b.get("CorsConfiguration")).get("CorsRules");
        assertTrue(((List<?>) rules.get(0).get("AllowedMethods")).contains("PUT"));
    }

    /**
     * A bucket's notification configuration depends on the function it triggers, so a function
     * whose own properties (policies, environment) refer back to that bucket is a circular
     * dependency CloudFormation refuses at deploy time; nothing local would notice. Such access
     * goes in a separate AWS::IAM::Policy on the function's generated role.
     */
    @Test
    void noS3TriggeredFunctionRefersToItsOwnBucket() {
        for (Template.FunctionDef fn : template.functions()) {
            for (Template.EventDef e : fn.events()) {
                if (e instanceof Template.S3Event s3) {
                    Map<String, Object> p = new java.util.LinkedHashMap<>(props(fn.logicalId()));
                    p.remove("Events");
                    assertFalse(refersTo(p, s3.bucket()), fn.logicalId() + " is triggered by " + s3.bucket()
                            + " and must not refer to it (circular dependency); use an AWS::IAM::Policy on " + fn.logicalId() + "Role");
                }
            }
        }
    }

    static boolean refersTo(Object node, String logicalId) {
        if (node instanceof Map<?, ?> m) {
            if (logicalId.equals(m.get("Ref"))) {
                return true;
            }
            Object att = m.get("Fn::GetAtt");
            if (att instanceof List<?> l && !l.isEmpty() && logicalId.equals(l.get(0))) {
                return true;
            }
            Object sub = m.get("Fn::Sub");
            String text = sub instanceof List<?> l && !l.isEmpty() ? String.valueOf(l.get(0)) : sub == null ? "" : sub.toString();
            if (text.contains("${" + logicalId + "}") || text.contains("${" + logicalId + ".")) {
                return true;
            }
            return m.values().stream().anyMatch(v -> refersTo(v, logicalId));
        }
        if (node instanceof List<?> l) {
            return l.stream().anyMatch(v -> refersTo(v, logicalId));
        }
        return false;
    }

    @Test
    void theMediaProcessorListensOnlyUnderMediaSoItsThumbnailsDoNotTriggerIt() {
        Template.S3Event e = template.function("MediaProcessorFunction").events().stream()
                .filter(x -> x instanceof Template.S3Event).map(x -> (Template.S3Event) x).findFirst().orElseThrow();
        assertEquals("MediaBucket", e.bucket());
        assertEquals("media/", e.prefix());
        assertTrue(e.events().contains("s3:ObjectCreated:*"));
        assertFalse(com.socialwire.media.model.MediaKeys.thumbnail("tnt_a", "med_b").startsWith(e.prefix()));
        Map<String, Object> access = props("MediaProcessorBucketAccess");
        assertTrue(access.get("Roles").toString().contains("MediaProcessorFunctionRole"), access.toString());
    }

    /**
     * API Gateway only delivers what template.yaml routes, and a function only serves what its
     * router declares: each must cover the other, or a route is dead or unreachable.
     */
    @Test
    void templateRoutesAndFunctionRoutersAgree() {
        LocalEnvironment env = LocalEnvironment.shared();
        for (Template.FunctionDef fn : template.functions()) {
            List<Template.HttpApiEvent> events = fn.events().stream()
                    .filter(e -> e instanceof Template.HttpApiEvent).map(e -> (Template.HttpApiEvent) e).toList();
            if (events.isEmpty()) {
                continue;
            }
            Object handler = env.newHandler(fn.logicalId());
            if (!(handler instanceof HttpFunction http)) {
                fail(fn.logicalId() + " has HttpApi events but is not an HttpFunction");
                return;
            }
            List<Route> routes = http.api().routes();
            boolean catchAll = events.stream().anyMatch(Template.HttpApiEvent::isDefault);
            for (Route r : routes) {
                String sample = r.template().replaceAll("\\{[^}]+}", "x");
                boolean routed = catchAll || events.stream().anyMatch(e -> !e.isDefault()
                        && (e.method().equals("ANY") || e.method().equals(r.method()))
                        && HttpGateway.RouteDef.of(fn.logicalId(), e.method(), e.path()).match(sample) != null);
                assertTrue(routed, fn.logicalId() + " serves " + r.key() + " but template.yaml never routes it there");
            }
            for (Template.HttpApiEvent e : events) {
                if (e.isDefault()) {
                    continue;
                }
                String sample = e.path().replaceAll("\\{[^}]+}", "x");
                assertTrue(routes.stream().anyMatch(r -> r.match(sample) != null),
                        "template.yaml routes " + e.path() + " to " + fn.logicalId() + " but its router has no such route");
            }
        }
    }
}
