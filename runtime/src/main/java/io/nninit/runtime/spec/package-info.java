/**
 * Initializer strings such as {@code "he_normal(seed=7)"}: their syntax ({@link SpecParser} turns a
 * string into a {@link Call} tree) and their meaning under the Keras convention ({@code
 * KerasInitializers} resolves a call into a {@code KerasInitializer} for one weight shape).
 *
 * <p>The annotation processor uses this package at compile time to validate {@code @Layer}
 * initializers and fold their constants into generated code; the {@code sample} command uses it at
 * run time to fill arrays from a string. Every error is a {@link SpecException} carrying a stable
 * {@code [nn.…]} code, a message that says what to write instead, and the character offset of the
 * culprit in the string.
 */
@NullMarked
package io.nninit.runtime.spec;

import org.jspecify.annotations.NullMarked;
