package com.socialwire.local.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.socialwire.local.stores.LocalEnvironment;
import com.socialwire.local.stores.Template;
import com.socialwire.shared.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The local runtime tried as a new user would: started like {@code scripts/dev} from a shell that holds the
 * developer's own AWS credentials (environment, {@code AWS_PROFILE} and {@code ~/.aws}), then used by the README's
 * own commands.
 */
class NewUserE2ETest {

    static RuntimeProcess runtime;
    static Path home;

    @BeforeAll
    static void start() throws Exception {
        home = Files.createTempDirectory("socialwire-home");
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/credentials"), """
                [default]
                aws_access_key_id = AKIAFOREIGNDEFAULT000
                aws_secret_access_key = foreign-default-secret
                [work]
                aws_access_key_id = AKIAFOREIGNPROFILE000
                aws_secret_access_key = foreign-profile-secret
                """);
        Files.writeString(home.resolve(".aws/config"), "[default]\nregion = eu-west-1\n[profile work]\nregion = ap-south-1\n");
        runtime = RuntimeProcess.start(Map.of(
                "AWS_ACCESS_KEY_ID", "AKIAFOREIGNDEVELOPER1",
                "AWS_SECRET_ACCESS_KEY", "foreign-developer-secret",
                "AWS_SESSION_TOKEN", "FwoGZXIvYXdzEForeignSessionToken",
                "AWS_PROFILE", "work",
                "AWS_REGION", "eu-central-1",
                "AWS_DEFAULT_REGION", "eu-central-1",
                "HOME", home.toString()));
    }

    @AfterAll
    static void stop() throws Exception {
        if (runtime != null) {
            runtime.close();
        }
    }

    /** Found as a new user: with the developer's own AWS credentials around, presigned uploads were signed with them and S3 answered 403. */
    @Test
    void aDevelopersOwnAwsCredentialsDoNotBreakPresignedUploads() throws Exception {
        LocalApi api = new LocalApi(null, runtime.base(), LocalEnvironment.DEFAULT_DEMO_KEY);
        HttpResponse<String> tenant = api.send("POST", "/v1/tenants", api.key, "{\"name\":\"Upload Bakery\"}");
        assertEquals(201, tenant.statusCode(), tenant.body());
        String media = "/v1/tenants/" + Json.tree(tenant.body()).path("id").asText() + "/media";
        byte[] png = MediaE2ETest.image("png", 64, 48);
        HttpResponse<String> asked = api.send("POST", media + "/uploads", api.key,
                "{\"filename\":\"photo.png\",\"mimeType\":\"image/png\",\"sizeBytes\":" + png.length + "}");
        assertEquals(201, asked.statusCode(), asked.body());
        JsonNode upload = Json.tree(asked.body()).path("upload");

        HttpResponse<String> put = api.http.send(HttpRequest.newBuilder(URI.create(upload.path("url").asText()))
                .header("Content-Type", "image/png").PUT(HttpRequest.BodyPublishers.ofByteArray(png)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, put.statusCode(), "the local S3 refused the presigned PUT: " + put.body());
        assertTrue(!upload.path("url").asText().contains("AKIAFOREIGN"), "signed with the developer's key: " + upload.path("url").asText());

        String id = Json.tree(asked.body()).path("id").asText();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String status = "";
        while (System.nanoTime() < deadline && !status.equals("ready") && !status.equals("failed")) {
            Thread.sleep(100);
            status = Json.tree(api.send("GET", media + "/" + id, api.key, null).body()).path("status").asText();
        }
        assertEquals("ready", status, "the processor read the upload back from S3 with the stores' credentials");
    }

    /**
     * Found as a new user: the README's tenant example ({@code "igAccessToken":"IGQVJ..."}) was refused. Every shell
     * block of the README runs here as written, in one shell, against this runtime (its port and store endpoints in
     * place of the defaults); none may fail or answer an error.
     */
    @Test
    void everyCommandInTheReadmeRunsAsWritten() throws Exception {
        Path repo = Template.locate().getParent();
        Path work = Files.createTempDirectory("socialwire-readme");
        Files.createSymbolicLink(work.resolve("scripts"), repo.resolve("scripts"));
        Files.createSymbolicLink(work.resolve("events"), repo.resolve("events"));
        Files.write(work.resolve("photo.png"), MediaE2ETest.image("png", 320, 240)); // "your photo"

        List<String> run = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        Matcher blocks = Pattern.compile("```sh\\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(repo.resolve("README.md")));
        while (blocks.find()) {
            String block = blocks.group(1);
            if (block.contains("sam deploy") || block.contains("scripts/invoke")) {
                skipped.add(block.strip()); // deploys to AWS / builds the project with Maven: not from inside a test
            } else {
                run.add(block);
            }
        }
        assertTrue(run.size() >= 4, "README shell blocks found: " + run.size());

        String script = """
                set -eo pipefail
                __sw_args() { for a in "$@"; do a=${a//localhost:3000/localhost:$SW_PORT}; a=${a//http:\\/\\/127.0.0.1:8000/$SW_DYNAMODB}
                  a=${a//http:\\/\\/127.0.0.1:9324/$SW_SQS}; a=${a//http:\\/\\/127.0.0.1:9000/$SW_S3}; printf '%s\\0' "$a"; done; }
                curl() { local args=(); while IFS= read -r -d '' a; do args+=("$a"); done < <(__sw_args "$@")
                  command curl --fail-with-body -w '%{stderr}CURL %{http_code} %{method} %{url_effective}\\n' "${args[@]}"; }
                aws() { local args=(); while IFS= read -r -d '' a; do args+=("$a"); done < <(__sw_args "$@")
                  command aws "${args[@]}" > /dev/null || return; echo "AWS ok $*" >&2; }
                export -f __sw_args curl aws
                export PORT=$SW_PORT
                """ + String.join("\necho '--- next README block' >&2\n", run);
        Path file = work.resolve("readme.sh");
        Files.writeString(file, script);
        ProcessBuilder pb = new ProcessBuilder("bash", file.toString()).directory(work.toFile());
        pb.environment().put("SW_PORT", Integer.toString(runtime.port));
        pb.environment().put("SW_DYNAMODB", runtime.stores.path("dynamodb").asText());
        pb.environment().put("SW_SQS", runtime.stores.path("sqs").asText());
        pb.environment().put("SW_S3", runtime.stores.path("s3").asText());
        pb.environment().put("HOME", home.toString());
        Path out = work.resolve("out.txt");
        Path err = work.resolve("err.txt");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "the README's commands did not finish");
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        String report = "exit " + p.exitValue() + "\n--- stderr\n" + stderr + "\n--- stdout\n" + stdout;
        assertEquals(0, p.exitValue(), report);

        List<String> calls = stderr.lines().filter(l -> l.startsWith("CURL ")).toList();
        assertTrue(calls.size() >= 8, "too few HTTP calls ran: " + report);
        for (String call : calls) {
            int status = Integer.parseInt(call.split(" ")[1]);
            assertTrue(status >= 200 && status < 400, call + "\n" + report);
        }
        // the error envelope (SPEC §4), not any field named "error": an inbox item read while its reply is still
        // being sent carries "error":null, and whether the worker got that far before the README's GET is timing
        assertTrue(!stdout.contains("\"error\":{"), report);
        System.out.println("README: " + calls.size() + " HTTP calls and " + stderr.lines().filter(l -> l.startsWith("AWS ok")).count()
                + " AWS CLI calls ran without an error; skipped " + skipped.size() + " block(s): " + skipped);
    }
}
