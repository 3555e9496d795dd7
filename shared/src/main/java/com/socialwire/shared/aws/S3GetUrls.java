package com.socialwire.shared.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.PartitionMetadata;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Presigned S3 GET URLs made with this package's SigV4 signer ({@link SigV4}, the one the lean DynamoDB client uses), so a
 * function that only hands out download links does not ship the S3 module (4.4 MB). The URLs are byte for byte
 * those of {@code S3Presigner.presignGetObject} for our configuration (S3GetUrlsTest proves it): path-style on the
 * endpoint override (the local S3 server), the bucket's virtual host on AWS, query-string auth with
 * {@code UNSIGNED-PAYLOAD}, the key encoded once and never normalised.
 */
public final class S3GetUrls {

    /** Buckets S3's endpoint rules put in the host name (no dots: the wildcard certificate covers one label). */
    private static final Pattern VIRTUAL_HOSTABLE = Pattern.compile("[a-z0-9][a-z0-9-]{1,61}[a-z0-9]");

    private final SigV4 signer;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final Optional<URI> endpoint;
    private final Clock clock;

    public S3GetUrls(Region region, AwsCredentialsProvider credentials, Optional<URI> endpoint, Clock clock) {
        this.region = region;
        this.signer = new SigV4(region.id(), "s3");
        this.credentials = credentials;
        this.endpoint = endpoint;
        this.clock = clock;
    }

    /** With the region, credentials and {@code S3_ENDPOINT} override of {@code aws}, signing at the current time. */
    public static S3GetUrls of(AwsClients aws) {
        return new S3GetUrls(aws.region(), aws.credentials(), aws.endpoint("S3_ENDPOINT"), Clock.systemUTC());
    }

    /** A URL that fetches {@code bucket/key} for {@code lifetime} from now, with the credentials' permissions. */
    public String url(String bucket, String key, Duration lifetime) {
        String encodedKey = SdkHttpUtils.urlEncodeIgnoreSlashes(key);
        String origin;
        String path;
        if (endpoint.isPresent()) {
            URI e = endpoint.get();
            origin = e.getScheme() + "://" + e.getHost() + (e.getPort() < 0 || e.getPort() == defaultPort(e.getScheme()) ? "" : ":" + e.getPort());
            path = basePath(e) + "/" + bucket + "/" + encodedKey;
        } else {
            // us-east-1 keeps S3's global host, as the SDK does unless AWS_S3_US_EAST_1_REGIONAL_ENDPOINT says otherwise
            String host = region.equals(Region.US_EAST_1) ? "s3.amazonaws.com"
                    : "s3." + region.id() + "." + PartitionMetadata.of(region).dnsSuffix();
            if (VIRTUAL_HOSTABLE.matcher(bucket).matches()) {
                origin = "https://" + bucket + "." + host;
                path = "/" + encodedKey;
            } else {
                origin = "https://" + host;
                path = "/" + bucket + "/" + encodedKey;
            }
        }
        String host = origin.substring(origin.indexOf("://") + 3);
        return origin + path + "?" + signer.presignedQuery("GET", path, host, clock.instant(), lifetime, credentials.resolveCredentials());
    }

    private static int defaultPort(String scheme) {
        return "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }

    private static String basePath(URI endpoint) {
        String path = endpoint.getRawPath();
        return path == null || path.equals("/") ? "" : path.replaceAll("/+$", "");
    }
}
