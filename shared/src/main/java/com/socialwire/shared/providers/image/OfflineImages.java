package com.socialwire.shared.providers.image;

import java.math.BigDecimal;

/**
 * The offline image generator used when no image provider is configured: a deterministic branded card
 * ({@link BrandCard}) at the requested size — the same request always gives the same PNG bytes. It costs nothing
 * and must be labelled offline wherever it shows. Java2D is loaded by its first image, never at a function's start.
 */
public final class OfflineImages implements ImageClient {

    public static final String MODEL = ImagePrices.OFFLINE_MODEL;

    @Override
    public String describe() {
        return MODEL;
    }

    @Override
    public String model() {
        return MODEL;
    }

    @Override
    public boolean offline() {
        return true;
    }

    @Override
    public BigDecimal worstCaseUsd(ImageRequest request) {
        return BigDecimal.ZERO;
    }

    @Override
    public ImageResult generate(ImageRequest request) {
        return new ImageResult.Ok(BrandCard.png(request), MODEL, null, BigDecimal.ZERO);
    }
}
