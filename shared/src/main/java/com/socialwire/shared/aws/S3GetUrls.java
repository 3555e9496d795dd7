package com.socialwire.shared.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Presigned S3 GET URLs ({@link LeanS3#presignGetObject}) for code that only hands out download links (posts, the media
 * library). The URLs are byte for byte those of {@code S3Presigner.presignGetObject} for our configuration
 * (S3GetUrlsTest proves it): path-style on the endpoint override (the local S3 server), the bucket's virtual host on
 * AWS, query-string auth with {@code UNSIGNED-PAYLOAD}, the key encoded once and never normalised.
 */
public final class S3GetUrls {

    private final LeanS3 s3;

    public S3GetUrls(Region region, AwsCredentialsProvider credentials, Optional<URI> endpoint, Clock clock) {
        this(region.id(), credentials, endpoint, clock);
    }

    /** With the region's id: no SDK {@link Region} is built (see {@link LeanS3}). */
    public S3GetUrls(String regionId, AwsCredentialsProvider credentials, Optional<URI> endpoint, Clock clock) {
        this.s3 = new LeanS3(regionId, credentials, endpoint, List.of(), clock); // presigning calls nothing: no observers
    }

    /** With the region, credentials and {@code S3_ENDPOINT} override of {@code aws}, signing at the current time. */
    public static S3GetUrls of(AwsClients aws) {
        return new S3GetUrls(aws.regionId(), aws.credentials(), aws.endpoint("S3_ENDPOINT"), Clock.systemUTC());
    }

    /** A URL that fetches {@code bucket/key} for {@code lifetime} from now, with the credentials' permissions. */
    public String url(String bucket, String key, Duration lifetime) {
        return s3.presignGetObject(bucket, key, lifetime).url();
    }
}
