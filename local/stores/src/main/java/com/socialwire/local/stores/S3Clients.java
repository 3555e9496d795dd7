package com.socialwire.local.stores;

import com.socialwire.shared.aws.AwsClients;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The SDK's S3 client and presigner with a function's configuration ({@link AwsClients}: its region, credentials and
 * {@code S3_ENDPOINT}, path-style on the endpoint override), for tools and tests: to act as a function's identity on
 * the local S3 server and to compare the functions' own S3 client ({@code LeanS3}) with the SDK's. No function uses
 * them.
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
