package com.socialwire.shared.aws;

import software.amazon.awssdk.core.SdkClient;

/** What the lean clients ({@link LeanDynamoDb}, {@link LeanKms}, {@link LeanSqs}) share: the one transport and nothing to close. */
abstract class LeanClient implements SdkClient {

    final AwsJsonClient client;

    LeanClient(AwsJsonClient client) {
        this.client = client;
    }

    /** {@code dynamodb}, {@code kms}, {@code sqs}: the SDK interface's {@code SERVICE_NAME}, which is the signing name. */
    @Override
    public final String serviceName() {
        return client.signingName();
    }

    @Override
    public final void close() {
        // nothing to release: HttpURLConnection's keep-alive cache is the JVM's
    }
}
