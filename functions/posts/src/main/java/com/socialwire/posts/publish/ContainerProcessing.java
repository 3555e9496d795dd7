package com.socialwire.posts.publish;

/**
 * Instagram is still processing a container (a video) after this job's poll budget: the job is asked again later —
 * by a delayed copy of it on the content queue when the worker has one, else by SQS's redelivery ({@code RetryLater}).
 */
final class ContainerProcessing extends RuntimeException {

    ContainerProcessing(String message) {
        super(message, null, false, false);
    }
}
