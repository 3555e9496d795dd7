package com.socialwire.shared.aws;

import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The S3 client and presigner, apart from {@link AwsClients} so that only a function that really talks to S3 (media)
 * names them and ships the S3 module: one that only hands out download links uses {@link S3GetUrls}. With an endpoint
 * override ({@code S3_ENDPOINT}, the local S3 server) requests use path-style addressing.
 */
public final class S3Clients {

    private S3Clients() {
    }

    public static S3Client s3(AwsClients aws) {
        return aws.configure(S3Client.builder(), "S3_ENDPOINT").serviceConfiguration(configuration(aws)).build();
    }

    /** Presigned S3 URLs (uploads and downloads), signed with the same credentials and endpoint as {@link #s3}. */
    public static S3Presigner presigner(AwsClients aws) {
        S3Presigner.Builder b = S3Presigner.builder().region(aws.region()).credentialsProvider(aws.credentials())
                .serviceConfiguration(configuration(aws));
        aws.endpoint("S3_ENDPOINT").ifPresent(b::endpointOverride);
        return b.build();
    }

    private static S3Configuration configuration(AwsClients aws) {
        return S3Configuration.builder().pathStyleAccessEnabled(aws.endpoint("S3_ENDPOINT").isPresent()).build();
    }
}
