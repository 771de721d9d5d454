/**
 * The runtime that generated code and users call: weight holders, random streams and initializers
 * of Keras and PyTorch, batch normalization and folding.
 *
 * <p>Null-marked: no parameter, return value or field is null unless annotated {@code @Nullable}.
 */
@NullMarked
package io.nninit.runtime;

import org.jspecify.annotations.NullMarked;
