package io.nninit.processor;

import java.util.Optional;

/**
 * One draw of a default seed from the model seed ({@code random.randint(1, 10**9)} under Keras).
 *
 * @param layer the layer whose constructor draws it
 * @param argument the constructor argument ({@code kernel_initializer})
 * @param initializer the initializer's canonical source
 * @param seedField where the seed goes; empty when the weight does not exist (Keras constructs the
 *     initializer even for {@code use_bias=False}, so the draw still happens)
 * @param why the reason for an empty seedField, e.g. {@code use_bias=False}
 */
record SeedDraw(
    String layer, String argument, String initializer, Optional<String> seedField, String why) {}
