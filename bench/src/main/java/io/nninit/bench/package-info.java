/**
 * Throughput harnesses for the runtime kernels (run with {@code bench/run.sh}).
 *
 * <p>Null-marked: no parameter, return value or field is null unless annotated {@code @Nullable}.
 */
@NullMarked
package io.nninit.bench;

import org.jspecify.annotations.NullMarked;
