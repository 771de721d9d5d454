/**
 * The annotation processor ({@link io.nninit.processor.ModelProcessor}) that reads {@code @Layer}
 * declarations, validates them and writes each model's {@code _Layers} class.
 *
 * <p>Null-marked: no parameter, return value or field is null unless annotated {@code @Nullable}.
 */
@NullMarked
package io.nninit.processor;

import org.jspecify.annotations.NullMarked;
