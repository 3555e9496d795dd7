package com.socialwire.posts.studio.jobs;

import com.socialwire.shared.providers.llm.LlmClient;

/** The model a job runs on: the provider and model it names (null: the worker's configured ones), from the one factory. */
public interface JobModels {
    LlmClient client(String provider, String model);
}
