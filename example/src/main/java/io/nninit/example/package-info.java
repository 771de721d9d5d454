/**
 * Example models annotated as a user would, the demo and the {@code sample} and {@code big}
 * commands.
 *
 * <p>Null-marked: no parameter, return value or field is null unless annotated {@code @Nullable}.
 */
@NullMarked
package io.nninit.example;

import org.jspecify.annotations.NullMarked;
