package com.socialwire.local.stores;

import com.socialwire.shared.Config;
import com.socialwire.shared.security.Hashing;

import java.lang.reflect.Constructor;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole local environment: the embedded stores, provisioned from template.yaml, plus the
 * configuration each function of the template gets — its template environment resolved to local
 * values, the local endpoints and the local default secrets. The local runtime and the
 * integration tests both construct handlers through it, with their no-arg constructors, exactly
 * as Lambda does.
 */
public final class LocalEnvironment implements AutoCloseable {

    /** The local owner key (not a production secret: it exists only in the local runtime and tests). */
    public static final String DEFAULT_OWNER_KEY = "sw_test_LocalOwnerKeyForDevelopmentOnly0";
    /** The admin key of the local demo account the local runtime creates (local only). */
    public static final String DEFAULT_DEMO_KEY = "sw_test_LocalDemoAdminKeyForDevOnly00000";
    /** The local master key for envelope encryption (base64 of 32 bytes; local only). */
    public static final String DEFAULT_ENCRYPTION_KEY = "bG9jYWwtb25seS1tYXN0ZXIta2V5LTMyLWJ5dGVzISE=";

    private static LocalEnvironment shared;

    private final Template template;
    private final LocalStores stores;
    private final LocalResources resources;
    private final Map<String, String> secrets;
    private final Map<String, String> overrides = new java.util.concurrent.ConcurrentHashMap<>();
    private final FunctionPolicies policies;

    private LocalEnvironment(Template template, LocalStores stores, Map<String, String> secrets, boolean enforce) {
        this.template = template;
        this.stores = stores;
        this.secrets = secrets;
        Map<String, String> params = new LinkedHashMap<>();
        params.put("OwnerAdminKeySha256", Hashing.sha256Hex(secrets.get("ownerKey")));
        params.put("Stage", "dev");
        params.put("MetaAppSecret", secrets.get("META_APP_SECRET"));
        params.put("MetaVerifyToken", secrets.get("META_VERIFY_TOKEN"));
        params.put("LlmProvider", envOr("LLM_PROVIDER", "offline"));
        params.put("LlmBaseUrl", envOr("LLM_BASE_URL", ""));
        params.put("LlmModel", envOr("LLM_MODEL", ""));
        params.put("LlmApiKey", envOr("LLM_API_KEY", ""));
        // AI images: the offline branded-card generator unless a real images API is configured
        params.put("ImageProvider", envOr("IMAGE_PROVIDER", "offline"));
        params.put("ImageBaseUrl", envOr("IMAGE_BASE_URL", ""));
        params.put("ImageModel", envOr("IMAGE_MODEL", ""));
        params.put("ImageQuality", envOr("IMAGE_QUALITY", ""));
        params.put("ImageApiKey", envOr("IMAGE_API_KEY", ""));
        params.put("StripeSecretKey", secrets.get("STRIPE_SECRET_KEY"));
        params.put("StripeWebhookSecret", secrets.get("STRIPE_WEBHOOK_SECRET"));
        // a new local account can try every paid feature at once
        params.put("SignupGrantMicroCredits", envOr("SIGNUP_GRANT_MICRO_CREDITS", "10000000"));
        params.put("CheckoutSuccessUrl", "http://localhost:3000/_local/stripe/done?result=success");
        params.put("CheckoutCancelUrl", "http://localhost:3000/_local/stripe/done?result=cancel");
        // Locally anyone may sign up (still rate limited per IP), so a new developer can get a key at once.
        params.put("SignupMode", envOr("SIGNUP_MODE", "open"));
        this.resources = new Provisioner(template, stores).provision(params);
        this.policies = FunctionPolicies.from(template, resources);
        stores.enforce(enforce ? policies : null, Base64.getDecoder().decode(secrets.get("LOCAL_ENCRYPTION_KEY")),
                List.copyOf(resources.kmsKeys().values()));
        System.setProperty("aws.accessKeyId", LocalStores.ACCESS_KEY);
        System.setProperty("aws.secretAccessKey", LocalStores.SECRET_KEY);
        System.setProperty("aws.region", LocalStores.REGION);
    }

    /** Starts stores on the given ports (0 = any free port), in memory or under {@code dataDir}. */
    public static LocalEnvironment start(Path templatePath, int dynamoPort, int sqsPort, int s3Port, Path dataDir) {
        Template template = Template.load(templatePath);
        LocalStores stores = LocalStores.start(dynamoPort, sqsPort, s3Port, dataDir);
        return new LocalEnvironment(template, stores, defaultSecrets(), enforcing());
    }

    /**
     * Uses stores another process already runs (so a one-off invoke sees the running runtime's data,
     * through that runtime's policy checks); {@code kms} null where there is no local KMS.
     */
    public static LocalEnvironment attach(Path templatePath, java.net.URI dynamo, java.net.URI sqs, java.net.URI s3, java.net.URI kms) {
        return new LocalEnvironment(Template.load(templatePath), LocalStores.attach(dynamo, sqs, s3, kms), defaultSecrets(), enforcing());
    }

    public static LocalEnvironment attach(Path templatePath, java.net.URI dynamo, java.net.URI sqs, java.net.URI s3) {
        return attach(templatePath, dynamo, sqs, s3, null);
    }

    /**
     * Whether each function's calls to the stores and KMS are held to its policies from
     * template.yaml, answering AccessDenied as AWS would: on unless {@code SOCIALWIRE_LOCAL_IAM=off}.
     */
    public static boolean enforcing() {
        return !"off".equalsIgnoreCase(System.getenv().getOrDefault("SOCIALWIRE_LOCAL_IAM", "on").trim());
    }

    /** Every function's IAM policy, as template.yaml grants it, resolved to the local resources. */
    public FunctionPolicies policies() {
        return policies;
    }

    /** One in-memory environment per test JVM: the stores restart in tens of ms, but not starting them again is faster. */
    public static synchronized LocalEnvironment shared() {
        if (shared == null) {
            // every test acts as the functions it stands for (the parent pom passes socialwire.localIam=on);
            // -Dsocialwire.localIam=off or SOCIALWIRE_LOCAL_IAM=off stops the checks while debugging
            boolean enforce = enforcing() && !"off".equalsIgnoreCase(System.getProperty("socialwire.localIam", "on").trim());
            shared = new LocalEnvironment(Template.load(Template.locate()),
                    LocalStores.start(0, 0, 0, null), defaultSecrets(), enforce);
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    static Map<String, String> defaultSecrets() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("ownerKey", envOr("SOCIALWIRE_OWNER_KEY", DEFAULT_OWNER_KEY));
        s.put("demoKey", envOr("SOCIALWIRE_DEMO_KEY", DEFAULT_DEMO_KEY));
        s.put("LOCAL_ENCRYPTION_KEY", envOr("LOCAL_ENCRYPTION_KEY", DEFAULT_ENCRYPTION_KEY));
        s.put("META_APP_SECRET", envOr("META_APP_SECRET", "local-meta-app-secret"));
        s.put("META_VERIFY_TOKEN", envOr("META_VERIFY_TOKEN", "local-verify-token"));
        s.put("STRIPE_SECRET_KEY", envOr("STRIPE_SECRET_KEY", "sk_test_local_sandbox"));
        s.put("STRIPE_WEBHOOK_SECRET", envOr("STRIPE_WEBHOOK_SECRET", "whsec_local_stripe_webhook_secret"));
        return s;
    }

    private static String envOr(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    public Template template() {
        return template;
    }

    public LocalStores stores() {
        return stores;
    }

    public LocalResources resources() {
        return resources;
    }

    /** The local default secrets, to print at start: owner key and the local encryption key. */
    public Map<String, String> secrets() {
        return secrets;
    }

    public String ownerKey() {
        return secrets.get("ownerKey");
    }

    public String demoKey() {
        return secrets.get("demoKey");
    }

    /** The environment {@code logicalId} gets locally: template variables resolved, plus local endpoints and secrets. */
    public Map<String, String> functionEnvironment(String logicalId) {
        Template.FunctionDef fn = template.function(logicalId);
        Map<String, String> env = new LinkedHashMap<>(resources.environment(fn));
        env.put("AWS_REGION", LocalStores.REGION);
        // as Lambda sets a function's credentials: the local stores' own, never the developer's (their S3 keys sign
        // presigned URLs the local S3 would refuse); the blank session token hides one the shell may hold
        env.put("AWS_ACCESS_KEY_ID", LocalStores.ACCESS_KEY);
        env.put("AWS_SECRET_ACCESS_KEY", LocalStores.SECRET_KEY);
        env.put("AWS_SESSION_TOKEN", "");
        env.put("AWS_LAMBDA_FUNCTION_NAME", logicalId);
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(fn.memoryMb()));
        env.put("AWS_EMF_ENVIRONMENT", "Local");
        env.put("DYNAMODB_ENDPOINT", stores.dynamoEndpoint().toString());
        env.put("SQS_ENDPOINT", stores.sqsEndpoint().toString());
        env.put("S3_ENDPOINT", stores.s3Endpoint().toString());
        if (stores.kmsEndpoint() != null) {
            // envelope encryption takes its AWS path (KMS_KEY_ID) against the local KMS
            env.put("KMS_ENDPOINT", stores.kmsEndpoint().toString());
        } else {
            env.remove("KMS_KEY_ID");
            env.put("LOCAL_ENCRYPTION_KEY", secrets.get("LOCAL_ENCRYPTION_KEY"));
        }
        // the function's own identity: the stores and KMS check its calls against its policy
        env.put("LOCAL_ACCESS_KEY_ID", FunctionPolicies.accessKeyId(logicalId));
        env.put("LOCAL_SECRET_ACCESS_KEY", LocalStores.SECRET_KEY);
        env.putAll(overrides);
        return env;
    }

    /** Sets a variable for every function built from now on (e.g. a KMS key on LocalStack). */
    public void override(String name, String value) {
        overrides.put(name, value);
    }

    public Config functionConfig(String logicalId) {
        return Config.of(functionEnvironment(logicalId));
    }

    /** Builds the handler template.yaml names for {@code logicalId}, through its no-arg constructor, with its local environment. */
    public Object newHandler(String logicalId) {
        return newHandler(logicalId, Map.of());
    }

    /** As {@link #newHandler(String)}, with {@code extra} variables over its environment (a test's provider stub URL). */
    public Object newHandler(String logicalId, Map<String, String> extra) {
        Template.FunctionDef fn = template.function(logicalId);
        Map<String, String> environment = new LinkedHashMap<>(functionEnvironment(logicalId));
        environment.putAll(extra);
        return Config.withOverlay(environment, () -> {
            try {
                Constructor<?> c = Class.forName(fn.handlerClass()).getDeclaredConstructor();
                return c.newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot construct " + fn.handler() + " of " + logicalId, e);
            }
        });
    }

    @Override
    public void close() {
        stores.close();
    }
}
