/**
 * The annotations a model class carries ({@link io.nninit.annotation.Model}, {@link
 * io.nninit.annotation.Layer}) and the enums their elements take.
 *
 * <p>Null-marked: no parameter, return value or field is null unless annotated {@code @Nullable}.
 */
@NullMarked
package io.nninit.annotation;

import org.jspecify.annotations.NullMarked;
